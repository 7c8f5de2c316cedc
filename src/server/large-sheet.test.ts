/**
 * A 50,000-record sheet over real HTTP (plain fetch, JSON): five inserts of 10,000 records in one call each, then
 * paged reads (first, middle and last page of 1,000), the error filter, search, and a sort by a number field.
 * Every tenth record leaves its required `lastName` empty, so 5,000 records are invalid.
 *
 * The time each step took is printed at the end (one line), so a slow run says where its time went.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SheetRecord } from "../core";
import { startTestServer, type TestServer } from "./testing/test-server";

const CALLS = 5;
const PER_CALL = 10_000;
const TOTAL = CALLS * PER_CALL;
const PAGE = 1_000;
/** Every tenth record has no lastName. */
const isInvalid = (n: number) => n % 10 === 9;

const STATUSES = ["lead", "customer", "churned"] as const;
const CITIES = ["Lisbon", "Nairobi", "Osaka", "Quito", "Tallinn", "Winnipeg", "Zagreb"] as const;

/** The record numbered `n` (0-based, in insertion order). */
function row(n: number) {
  return {
    n: { value: n },
    firstName: { value: `First${n}` },
    lastName: { value: isInvalid(n) ? "" : `Last${n}` },
    email: { value: `user${n}@example.com` },
    age: { value: 18 + ((n * 7919) % 80) },
    city: { value: CITIES[n % CITIES.length] },
    status: { value: STATUSES[n % STATUSES.length] },
  };
}

type Page = {
  data: { success: boolean; records: SheetRecord[]; counts: { total: number; valid: number; error: number } };
  pagination: { currentPage: number; pageCount: number; totalCount: number };
};

const numberOf = (record: SheetRecord) => record.values.n?.value as number;

describe("a 50,000-record sheet over HTTP", () => {
  let server: TestServer;
  let sheetId = "";
  const timings: [string, number][] = [];

  /** A JSON call with the secret key, timed; answers the status and parsed body. */
  async function call<T>(label: string, method: string, path: string, body?: unknown) {
    const started = performance.now();
    const response = await fetch(`${server.baseUrl}/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${server.secretKey}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    timings.push([label, performance.now() - started]);
    return { status: response.status, body: JSON.parse(text) as T };
  }

  async function page(label: string, query: string): Promise<Page> {
    const { status, body } = await call<Page>(label, "GET", `/sheets/${sheetId}/records?${query}`);
    expect(status, JSON.stringify(body).slice(0, 300)).toBe(200);
    return body;
  }

  beforeAll(async () => {
    server = await startTestServer();
    const space = await server.call("POST", "/spaces", { body: { name: "Large sheet" } });
    const workbook = await server.call("POST", "/workbooks", {
      body: {
        name: "Large",
        spaceId: space.body.data.id,
        sheets: [
          {
            name: "Contacts",
            slug: "contacts",
            fields: [
              { key: "n", type: "number" },
              { key: "firstName", type: "string" },
              { key: "lastName", label: "Last Name", type: "string", constraints: [{ type: "required" }] },
              { key: "email", type: "string", constraints: [{ type: "unique" }] },
              { key: "age", type: "number" },
              { key: "city", type: "string" },
              {
                key: "status",
                type: "enum",
                config: { options: STATUSES.map((value) => ({ value })) },
              },
            ],
          },
        ],
      },
    });
    expect(workbook.status).toBe(200);
    sheetId = workbook.body.data.sheets[0].id;
  });

  afterAll(async () => {
    if (timings.length)
      console.log(
        `large sheet timings: ${timings.map(([label, ms]) => `${label} ${Math.round(ms)} ms`).join(", ")}`,
      );
    await server?.stop();
  });

  it("inserts 50,000 records in five calls of 10,000, each answering its records and the counts", async () => {
    for (let call_ = 0; call_ < CALLS; call_++) {
      const rows = Array.from({ length: PER_CALL }, (_, i) => row(call_ * PER_CALL + i));
      const { status, body } = await call<Page & { errors?: unknown }>(
        `insert ${call_ + 1}`,
        "POST",
        `/sheets/${sheetId}/records`,
        rows,
      );
      expect(status, JSON.stringify(body.errors)).toBe(200);
      expect(body.data.success).toBe(true);
      expect(body.data.records).toHaveLength(PER_CALL);
      expect(numberOf(body.data.records[0] as SheetRecord)).toBe(call_ * PER_CALL);
      expect(body.data.records.filter((r) => !r.valid)).toHaveLength(PER_CALL / 10);
      const total = (call_ + 1) * PER_CALL;
      expect(body.data.counts).toEqual({ total, valid: total * 0.9, error: total * 0.1 });
    }
    const events = await server.call("GET", "/events?topic=commit:created&pageSize=10");
    expect(events.body.data.map((e: { payload: { inserted: number } }) => e.payload.inserted)).toEqual(
      Array(CALLS).fill(PER_CALL),
    );
  }, 120_000);

  it("reads the first, a middle and the last page of 1,000", async () => {
    const expectPage = (body: Page, pageNumber: number) => {
      expect(body.pagination).toEqual({
        currentPage: pageNumber,
        pageCount: TOTAL / PAGE,
        totalCount: TOTAL,
      });
      expect(body.data.counts).toEqual({ total: TOTAL, valid: TOTAL * 0.9, error: TOTAL * 0.1 });
      expect(body.data.records.map(numberOf)).toEqual(
        Array.from({ length: PAGE }, (_, i) => (pageNumber - 1) * PAGE + i),
      );
    };
    expectPage(await page("page 1", `pageSize=${PAGE}&pageNumber=1`), 1);
    expectPage(await page("page 25", `pageSize=${PAGE}&pageNumber=25`), 25);
    expectPage(await page("page 50", `pageSize=${PAGE}&pageNumber=50`), 50);
    const past = await page("page 51", `pageSize=${PAGE}&pageNumber=51`);
    expect(past.data.records).toEqual([]);
    expect(past.pagination.totalCount).toBe(TOTAL);
  });

  it("filters the 5,000 records in error, page by page", async () => {
    const first = await page("error page 1", `filter=error&pageSize=${PAGE}`);
    expect(first.pagination).toEqual({ currentPage: 1, pageCount: 5, totalCount: TOTAL / 10 });
    const last = await page("error page 5", `filter=error&pageSize=${PAGE}&pageNumber=5`);
    for (const body of [first, last]) {
      expect(body.data.records).toHaveLength(PAGE);
      for (const record of body.data.records) {
        expect(record.valid).toBe(false);
        expect(isInvalid(numberOf(record))).toBe(true);
        expect(record.values.lastName?.messages.map((m) => m.message)).toEqual(["Last Name is required"]);
      }
    }
    expect(numberOf(last.data.records.at(-1) as SheetRecord)).toBe(TOTAL - 1);

    const valid = await page("valid page 45", `filter=valid&pageSize=${PAGE}&pageNumber=45`);
    expect(valid.pagination).toEqual({ currentPage: 45, pageCount: 45, totalCount: TOTAL * 0.9 });
    expect(valid.data.records.every((r) => r.valid)).toBe(true);
  });

  it("searches all fields and one field", async () => {
    const one = await page("search email", "searchValue=USER43210@example.com");
    expect(one.data.records.map(numberOf)).toEqual([43210]);
    expect(one.pagination.totalCount).toBe(1);

    // "Osaka" is every seventh record's city.
    const city = await page("search city field", `searchField=city&searchValue=osaka&pageSize=${PAGE}`);
    const osakas = Array.from({ length: TOTAL }, (_, n) => n).filter(
      (n) => CITIES[n % CITIES.length] === "Osaka",
    );
    expect(city.pagination.totalCount).toBe(osakas.length);
    expect(city.data.records.map(numberOf)).toEqual(osakas.slice(0, PAGE));

    const searchedErrors = await page("search + error filter", "filter=error&searchValue=First4999");
    // First4999 and First49990..49999 contain the text; of those, 4999 and 49999 are invalid (n % 10 === 9).
    expect(searchedErrors.data.records.map(numberOf).sort((a, b) => a - b)).toEqual([4999, 49999]);
  });

  it("sorts by a number field, descending, to the last page", async () => {
    const last = await page(
      "sort n desc, page 50",
      `sortField=n&sortDirection=desc&pageSize=${PAGE}&pageNumber=50`,
    );
    expect(last.data.records.map(numberOf)).toEqual(Array.from({ length: PAGE }, (_, i) => PAGE - 1 - i));

    // 7919 is prime to 80, so each age from 18 to 97 is held by 625 records: the last page has the 1,000 youngest.
    const youngest = await page(
      "sort age desc, page 50",
      `sortField=age&sortDirection=desc&pageSize=${PAGE}&pageNumber=50`,
    );
    const ages = youngest.data.records.map((r) => r.values.age?.value as number);
    expect(ages).toEqual([...Array(375).fill(19), ...Array(625).fill(18)]);
    // Equal ages keep insertion order, reversed with the direction.
    const eighteens = youngest.data.records.slice(375).map(numberOf);
    expect(eighteens).toEqual([...eighteens].sort((a, b) => b - a));
  });
});
