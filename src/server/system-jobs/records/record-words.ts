const COUNT = new Intl.NumberFormat("en-US");

/** A count as a person reads it: "1,204". */
export const formatCount = (n: number): string => COUNT.format(n);

/** "1 record", "1,204 records". */
export const recordsWord = (n: number): string => `${formatCount(n)} ${n === 1 ? "record" : "records"}`;
