import { normalizeText } from './text-normalize';

/**
 * US states, DC and territories by code. Hand-written because it is 56 fixed entries and an npm
 * package for it would be a dependency for a constant.
 */
const STATES: Record<string, string> = {
  AL: 'Alabama', AK: 'Alaska', AZ: 'Arizona', AR: 'Arkansas', CA: 'California', CO: 'Colorado', CT: 'Connecticut',
  DE: 'Delaware', DC: 'District of Columbia', FL: 'Florida', GA: 'Georgia', HI: 'Hawaii', ID: 'Idaho', IL: 'Illinois',
  IN: 'Indiana', IA: 'Iowa', KS: 'Kansas', KY: 'Kentucky', LA: 'Louisiana', ME: 'Maine', MD: 'Maryland',
  MA: 'Massachusetts', MI: 'Michigan', MN: 'Minnesota', MS: 'Mississippi', MO: 'Missouri', MT: 'Montana',
  NE: 'Nebraska', NV: 'Nevada', NH: 'New Hampshire', NJ: 'New Jersey', NM: 'New Mexico', NY: 'New York',
  NC: 'North Carolina', ND: 'North Dakota', OH: 'Ohio', OK: 'Oklahoma', OR: 'Oregon', PA: 'Pennsylvania',
  RI: 'Rhode Island', SC: 'South Carolina', SD: 'South Dakota', TN: 'Tennessee', TX: 'Texas', UT: 'Utah',
  VT: 'Vermont', VA: 'Virginia', WA: 'Washington', WV: 'West Virginia', WI: 'Wisconsin', WY: 'Wyoming',
  PR: 'Puerto Rico', VI: 'U.S. Virgin Islands', GU: 'Guam', AS: 'American Samoa', MP: 'Northern Mariana Islands',
};

const BY_KEY = new Map<string, string>();
for (const [code, name] of Object.entries(STATES)) {
  BY_KEY.set(code.toLowerCase(), code);
  BY_KEY.set(normalizeText(name), code);
}
BY_KEY.set('washington dc', 'DC');
BY_KEY.set('d c', 'DC');
BY_KEY.set('virgin islands', 'VI');

/** Reads "MA", "ma", "Massachusetts" or "massachusetts " as the code "MA"; null if unknown. */
export function normalizeState(raw: string): string | null {
  return BY_KEY.get(normalizeText(raw)) ?? null;
}
