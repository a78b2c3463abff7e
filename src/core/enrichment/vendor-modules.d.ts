/**
 * `disposable-email-domains` ships a JSON array and no types. Declaring it here (rather than
 * importing the .json path) keeps the type checker from reading its 120k entries.
 */
declare module 'disposable-email-domains' {
  const domains: string[];
  export default domains;
}
