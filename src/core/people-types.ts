/**
 * The People API's typed shapes, for code that must not load googleapis (src/core is pure): a type-only re-export,
 * erased at compile time, so importing it runs no code of the Google client.
 */
export type { people_v1 } from 'googleapis';
