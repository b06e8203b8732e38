// Polygons the geo-aware tests draw: squares near (lat 50, lng 10), where the test streets and residents are.

/** The closed ring of the square from (lat 50 + lo, lng 10 + lo) to (50 + hi, 10 + hi); GeoJSON is [lng, lat]. */
export const squareRing = (lo: number, hi: number) => [
  [10 + lo, 50 + lo],
  [10 + hi, 50 + lo],
  [10 + hi, 50 + hi],
  [10 + lo, 50 + hi],
  [10 + lo, 50 + lo],
];

/** The test town: the square from (50.0, 10.0) to (50.02, 10.02). */
export const TOWN = { type: 'Polygon', coordinates: [squareRing(0, 0.02)] };

/** A square from (50.0, 10.0) to (50.1, 10.1) with a square hole from (50.04, 10.04) to (50.06, 10.06). */
export const SQUARE_WITH_HOLE = { type: 'Polygon', coordinates: [squareRing(0, 0.1), squareRing(0.04, 0.06)] };
