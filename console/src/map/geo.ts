/** The point-in-outline check intake runs (domain/geo.ts, the same code), and how coordinates are rounded. */
export { isInsidePolygon } from '../../../domain/geo';

/** 6 decimals at most (about 10 cm), as the CAP texts write them. */
export const roundDegrees = (value: number) => Number(value.toFixed(6));
