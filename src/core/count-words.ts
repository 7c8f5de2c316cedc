const COUNT = new Intl.NumberFormat("en-US");

/** A count as a person reads it: "1,204". One format for the server's messages and the dashboard's. */
export const formatCount = (n: number): string => COUNT.format(n);

/** A count with its noun: "1 record", "1,204 records", "12 rows". */
export const countOf = (n: number, one: string, many = `${one}s`): string =>
  `${formatCount(n)} ${n === 1 ? one : many}`;

/** "1 record", "1,204 records". */
export const recordsWord = (n: number): string => countOf(n, "record");
