import { groupTips, type GroupableTip } from './tip-groups';

/** Metres north of a point, as latitude degrees (a meridian arc). */
const north = (metres: number) => (metres / 6_371_008.8) * (180 / Math.PI);
const BASE = { lat: 33.5731, lon: -7.5898 };
const at = (minutes: number) => new Date(Date.UTC(2026, 11, 2, 10, 0) + minutes * 60_000).toISOString();
const tip = (id: string, minutes: number, metresNorth: number | null): GroupableTip => ({
  id,
  seenAt: at(minutes),
  position: metresNorth === null ? null : { lat: BASE.lat + north(metresNorth), lon: BASE.lon },
});
const groups = (tips: GroupableTip[]) => Object.fromEntries(groupTips(tips));

test('within 500 m and 30 minutes: one group, named by the earliest tip', () => {
  expect(groups([tip('b', 10, 0), tip('a', 0, 499)])).toEqual({ a: 'a', b: 'a' });
});

test('just beyond either bound: apart', () => {
  expect(groups([tip('a', 0, 0), tip('b', 10, 501)])).toEqual({ a: 'a', b: 'b' });
  expect(groups([tip('a', 0, 0), tip('b', 31, 10)])).toEqual({ a: 'a', b: 'b' });
});

test('the bounds themselves are inside (500 m, 30 minutes)', () => {
  expect(groups([tip('a', 0, 0), tip('b', 30, 499.99)])).toEqual({ a: 'a', b: 'a' });
});

test('single linkage: A near B and B near C group A with C, though A and C are 800 m and 40 minutes apart', () => {
  expect(groups([tip('c', 40, 800), tip('a', 0, 0), tip('b', 20, 400), tip('d', 20, 3_000)])).toEqual({ a: 'a', b: 'a', c: 'a', d: 'd' });
});

test('a chain joined late merges two groups under the earlier name', () => {
  // x and z form two groups until y, between them, is added.
  expect(groups([tip('x', 0, 0), tip('z', 50, 0)])).toEqual({ x: 'x', z: 'z' });
  expect(groups([tip('z', 50, 0), tip('y', 25, 0), tip('x', 0, 0)])).toEqual({ x: 'x', y: 'x', z: 'x' });
});

test('a tip without a point stands alone; equal times are ordered by id', () => {
  expect(groups([tip('p', 0, null), tip('q', 0, null), tip('s', 0, 0), tip('r', 0, 0)])).toEqual({ p: 'p', q: 'q', r: 'r', s: 'r' });
  expect(groups([])).toEqual({});
});
