import type { Criteria } from '../criteria/criteria.schema';
import type { SignalValues } from '../criteria/signal-catalog';
import { memoizeShortText } from './short-text-memo';
import { normalizeState } from './us-states';
import { lookupZip, normalizeZip } from './zip-lookup';

/** A practice location prepared for distance checks (radians and cosine computed once). */
interface PreparedLocation {
  readonly id: string;
  readonly name: string;
  readonly lat: number;
  readonly lon: number;
  readonly cosLat: number;
  readonly radiusMiles: number;
}

/** The compiled service area of a criteria version. */
export interface ServiceArea {
  readonly locations: readonly PreparedLocation[];
  readonly servedStates: ReadonlySet<string>;
  /** A ZIP as written → where it lies (null: no ZIP the dataset knows); remembered, as a practice's patients share a few hundred ZIPs. */
  readonly placeOfZip: (zipRaw: string) => LocationFacts | null;
}

/** Where the contact is relative to the practice. */
export interface LocationFacts {
  readonly status: SignalValues['location.status'];
  readonly distanceMiles: number | null;
  readonly nearestId: string | null;
  readonly nearestName: string | null;
}

const EARTH_RADIUS_MILES = 3958.8;
const RAD = Math.PI / 180;
const UNKNOWN: LocationFacts = { status: 'unknown', distanceMiles: null, nearestId: null, nearestName: null };

/** Prepares the locations of a criteria document; the schema guarantees each has a ZIP or coordinates. */
export function compileServiceArea(criteria: Criteria): ServiceArea {
  const locations = criteria.locations.map((loc) => {
    const coords = loc.zip !== undefined ? lookupZip(loc.zip) : { latitude: loc.latitude ?? 0, longitude: loc.longitude ?? 0 };
    const lat = (coords?.latitude ?? 0) * RAD;
    return { id: loc.id, name: loc.name, lat, lon: (coords?.longitude ?? 0) * RAD, cosLat: Math.cos(lat), radiusMiles: loc.serviceRadiusMiles };
  });
  const states = new Set<string>(criteria.servedStates ?? []);
  for (const loc of criteria.locations) if (loc.state) states.add(loc.state);
  const area: ServiceArea = {
    locations,
    servedStates: states,
    placeOfZip: memoizeShortText((zipRaw) => {
      const zip = normalizeZip(zipRaw);
      const coords = zip === null ? undefined : lookupZip(zip);
      return coords === undefined ? null : locate(coords.latitude * RAD, coords.longitude * RAD, area);
    }),
  };
  return area;
}

/**
 * ZIP → coordinates (bundled dataset) → miles to the nearest location, within its own radius or
 * not. "Within area" means inside ANY location's radius (the nearest such one is reported);
 * otherwise the nearest location is reported. Without a usable ZIP, falls back to the state:
 * inside or outside the states served.
 *
 * The scan uses an equirectangular distance (accurate to well under 1% at service-area
 * distances, no trig per candidate) and one haversine for the chosen location. Practices have a handful of locations (the schema allows
 * 100), so this costs well under a microsecond; a spatial tree would cost more than it saves.
 */
export function enrichLocation(zipRaw: string | null, stateRaw: string | null, area: ServiceArea): LocationFacts {
  const place = zipRaw === null ? null : area.placeOfZip(zipRaw);
  if (place !== null) return place;
  const state = stateRaw === null ? null : normalizeState(stateRaw);
  if (state === null || area.servedStates.size === 0) return UNKNOWN;
  return { ...UNKNOWN, status: area.servedStates.has(state) ? 'in_served_state' : 'outside_served_states' };
}

function locate(lat: number, lon: number, area: ServiceArea): LocationFacts {
  let nearest: PreparedLocation | undefined;
  let nearestMiles = Infinity;
  let covering: PreparedLocation | undefined;
  let coveringMiles = Infinity;
  const cosLat = Math.cos(lat);
  for (const loc of area.locations) {
    const x = (lon - loc.lon) * 0.5 * (cosLat + loc.cosLat);
    const y = lat - loc.lat;
    const miles = Math.sqrt(x * x + y * y) * EARTH_RADIUS_MILES;
    if (miles < nearestMiles) [nearest, nearestMiles] = [loc, miles];
    if (miles <= loc.radiusMiles && miles < coveringMiles) [covering, coveringMiles] = [loc, miles];
  }
  const chosen = covering ?? nearest;
  if (chosen === undefined) return UNKNOWN;
  const miles = Math.round(haversineMiles(lat, lon, chosen) * 10) / 10;
  return { status: miles <= chosen.radiusMiles ? 'within_area' : 'outside_area', distanceMiles: miles, nearestId: chosen.id, nearestName: chosen.name };
}

function haversineMiles(lat: number, lon: number, loc: PreparedLocation): number {
  const dLat = loc.lat - lat;
  const dLon = loc.lon - lon;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat) * loc.cosLat * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_MILES * Math.asin(Math.min(1, Math.sqrt(a)));
}
