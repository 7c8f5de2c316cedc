import { describe, expect, it } from "vitest";
import { JobExecutionPlan, type Certainty } from "../schemas/plan";
import type { Field } from "../schemas/sheet";
import { proposePlan } from "./propose-plan";

/** A column of an extracted file: the header is the label, the key a slug of it, as an extractor writes them. */
const column = (header: string): Field => ({
  key: header.replace(/[^A-Za-z0-9]+/g, "_").replace(/^_+|_+$/g, "") || "column",
  label: header,
  type: "string",
});

const CONTACTS: Field[] = [
  { key: "firstName", label: "First Name", type: "string", constraints: [{ type: "required" }] },
  { key: "lastName", label: "Last Name", type: "string" },
  { key: "email", label: "Email", type: "string", constraints: [{ type: "unique" }] },
  { key: "phone", label: "Phone", type: "string" },
  { key: "company", label: "Company", type: "string" },
  { key: "jobTitle", label: "Job Title", type: "string" },
  { key: "address", label: "Address", type: "string" },
  { key: "address2", label: "Address line 2", type: "string" },
  { key: "city", label: "City", type: "string" },
  { key: "state", label: "State", type: "string" },
  { key: "postalCode", label: "Postal Code", type: "string" },
  { key: "country", label: "Country", type: "string" },
  { key: "birthDate", label: "Birth Date", type: "date" },
  { key: "website", label: "Website", type: "string" },
  {
    key: "status",
    label: "Status",
    type: "enum",
    config: {
      options: [
        { value: "active", label: "Active" },
        { value: "inactive", label: "Inactive" },
      ],
    },
  },
];

/**
 * Headers as they come in real files, each matched alone against the contacts sheet: the field it should fill and how
 * sure the match is, or null where no field should be proposed at all.
 */
const HEADERS: [header: string, expected: [key: string, certainty: Certainty] | null][] = [
  // Email: spelling and layout do not matter; "address" and other words do, a little.
  ["Email", ["email", "absolute"]],
  ["EMAIL", ["email", "absolute"]],
  ["E-mail", ["email", "absolute"]],
  ["e_mail", ["email", "absolute"]],
  ["email_address", ["email", "strong"]],
  ["Email Address", ["email", "strong"]],
  ["E-Mail Address", ["email", "strong"]],
  ["Work Email", ["email", "moderate"]],
  ["Email 2", ["email", "moderate"]],
  ["Emial", ["email", "moderate"]],
  // Names.
  ["First Name", ["firstName", "absolute"]],
  ["first_name", ["firstName", "absolute"]],
  ["FIRSTNAME", ["firstName", "absolute"]],
  ["firstName", ["firstName", "absolute"]],
  ["fname", ["firstName", "strong"]],
  ["Given name", ["firstName", "strong"]],
  ["Forename", ["firstName", "strong"]],
  ["Frist Name", ["firstName", "strong"]],
  ["Last Name", ["lastName", "absolute"]],
  ["Surname", ["lastName", "strong"]],
  ["Family Name", ["lastName", "strong"]],
  ["lname", ["lastName", "strong"]],
  // Phone.
  ["Phone", ["phone", "absolute"]],
  ["Phone Number", ["phone", "strong"]],
  ["Phone No.", ["phone", "strong"]],
  ["Mobile", ["phone", "strong"]],
  ["Tel.", ["phone", "strong"]],
  ["Secondary Phone", ["phone", "moderate"]],
  // Company and role.
  ["Company", ["company", "absolute"]],
  ["Company Name", ["company", "strong"]],
  ["Organisation", ["company", "strong"]],
  ["Employer", ["company", "strong"]],
  ["Job Title", ["jobTitle", "absolute"]],
  ["Title", ["jobTitle", "strong"]],
  ["Position", ["jobTitle", "strong"]],
  // Postal address.
  ["Address", ["address", "absolute"]],
  ["Street Address", ["address", "strong"]],
  ["Address Line 1", ["address", "strong"]],
  ["Mailing Address", ["address", "strong"]],
  ["Billing Address", ["address", "moderate"]],
  ["Adress", ["address", "moderate"]],
  ["Address Line 2", ["address2", "absolute"]],
  ["Apt/Suite", null],
  ["Suite", ["address2", "strong"]],
  ["City", ["city", "absolute"]],
  ["Town", ["city", "strong"]],
  ["State", ["state", "absolute"]],
  ["Province", ["state", "strong"]],
  ["State/Province", ["state", "strong"]],
  ["Zip", ["postalCode", "strong"]],
  ["ZIP Code", ["postalCode", "strong"]],
  ["Postcode", ["postalCode", "strong"]],
  ["postal_code", ["postalCode", "absolute"]],
  ["Country", ["country", "absolute"]],
  ["Country/Region", ["country", "strong"]],
  // Dates, web, status.
  ["DOB", ["birthDate", "strong"]],
  ["Date of Birth", ["birthDate", "strong"]],
  ["Birthday", ["birthDate", "strong"]],
  ["Website", ["website", "absolute"]],
  ["URL", ["website", "strong"]],
  ["Homepage", ["website", "strong"]],
  ["STATUS", ["status", "absolute"]],
  // No field of the sheet means this: no edge rather than a wrong one.
  ["Notes", null],
  ["Gender", null],
  ["Salary", null],
  ["Created At", null],
  ["Customer ID", null],
  ["Last Login", null],
  ["First Purchase Date", null],
  // Look alike, mean something else.
  ["County", null],
  ["Stage", null],
  ["Phone 2 Type", null],
  ["Phone Type", null],
  ["Email Status", null],
  ["Email Opt In", null],
  ["Company ID", null],
  // "Name" holds first and last name together: neither field is the right home, so the user decides.
  ["Name", null],
  ["Full Name", null],
];

describe("proposePlan: real-world headers against a contacts sheet", () => {
  it.each(HEADERS)("%s", (header, expected) => {
    const plan = proposePlan({ sourceFields: [column(header)], destinationFields: CONTACTS });
    const edge = plan.fieldMapping[0];
    if (expected === null) {
      expect(plan.fieldMapping).toEqual([]);
      expect(plan.unmappedSourceFields.map((entry) => entry.sourceField.label)).toEqual([header]);
    } else {
      expect(plan.fieldMapping).toHaveLength(1);
      expect([edge?.destinationField.key, edge?.metadata?.certainty]).toEqual(expected);
    }
    expect(JobExecutionPlan.safeParse(plan).success).toBe(true);
  });
});

describe("proposePlan: a sheet with one name field", () => {
  const PEOPLE: Field[] = [
    { key: "name", label: "Name", type: "string" },
    { key: "email", type: "string" },
  ];
  it.each([
    ["Name", "absolute"],
    ["Full Name", "strong"],
    ["Contact Name", "strong"],
  ] as const)("%s fills name", (header, certainty) => {
    const [edge] = proposePlan({ sourceFields: [column(header)], destinationFields: PEOPLE }).fieldMapping;
    expect([edge?.destinationField.key, edge?.metadata?.certainty]).toEqual(["name", certainty]);
  });

  it("does not put a first name where the whole name belongs", () => {
    const plan = proposePlan({ sourceFields: [column("First Name")], destinationFields: PEOPLE });
    expect(plan.fieldMapping).toEqual([]);
  });
});

describe("proposePlan: a whole file", () => {
  const headers = [
    "First Name",
    "Last Name",
    "E-mail Address",
    "Phone Number",
    "Company Name",
    "Street Address",
    "City",
    "State/Region",
    "Postal Code",
    "Country/Region",
    "Lifecycle Stage",
    "Notes",
  ];
  const sourceFields = headers.map(column);

  it("maps every column it can, in the destination's order, and lists the rest", () => {
    const previews = new Map(
      sourceFields.map((field) => [field.key, [`${field.label} 1`, `${field.label} 2`]]),
    );
    const plan = proposePlan({ sourceFields, destinationFields: CONTACTS, previews });
    expect(plan.fieldMapping.map((edge) => [edge.sourceField.label, edge.destinationField.key])).toEqual([
      ["First Name", "firstName"],
      ["Last Name", "lastName"],
      ["E-mail Address", "email"],
      ["Phone Number", "phone"],
      ["Company Name", "company"],
      ["Street Address", "address"],
      ["City", "city"],
      ["State/Region", "state"],
      ["Postal Code", "postalCode"],
      ["Country/Region", "country"],
    ]);
    expect(plan.fieldMapping[0]).toEqual({
      sourceField: sourceFields[0],
      destinationField: CONTACTS[0],
      preview: ["First Name 1", "First Name 2"],
      metadata: { certainty: "absolute", confidence: 1, source: "exact" },
    });
    expect(plan.unmappedSourceFields).toEqual([
      { sourceField: sourceFields[10], preview: ["Lifecycle Stage 1", "Lifecycle Stage 2"] },
      { sourceField: sourceFields[11], preview: ["Notes 1", "Notes 2"] },
    ]);
    expect(plan.unmappedDestinationFields.map((entry) => entry.destinationField.key)).toEqual([
      "jobTitle",
      "address2",
      "birthDate",
      "website",
      "status",
    ]);
    expect(JobExecutionPlan.parse(plan)).toEqual(plan);
  });

  it("cuts previews to what a plan may hold", () => {
    const long = "x".repeat(1_000);
    const previews = new Map([["City", Array.from({ length: 50 }, () => long)]]);
    const plan = proposePlan({ sourceFields: [column("City")], destinationFields: CONTACTS, previews });
    const preview = plan.fieldMapping[0]?.preview ?? [];
    expect(preview).toHaveLength(20);
    expect(preview[0]).toHaveLength(255);
    expect(preview[0]?.endsWith("…")).toBe(true);
    expect(JobExecutionPlan.safeParse(plan).success).toBe(true);
  });
});

describe("proposePlan: each destination at most once", () => {
  const keysOf = (headers: string[], destinationFields: Field[]) =>
    proposePlan({ sourceFields: headers.map(column), destinationFields }).fieldMapping.map((edge) => [
      edge.sourceField.label,
      edge.destinationField.key,
    ]);

  it("gives a field to its best column and leaves the others unmapped", () => {
    const plan = proposePlan({
      sourceFields: ["Work Email", "E-mail Address", "Email"].map(column),
      destinationFields: CONTACTS,
    });
    expect(plan.fieldMapping.map((edge) => edge.sourceField.label)).toEqual(["Email"]);
    expect(plan.unmappedSourceFields.map((entry) => entry.sourceField.label)).toEqual([
      "Work Email",
      "E-mail Address",
    ]);
  });

  it("prefers a synonym to a partial likeness", () => {
    expect(keysOf(["Work Email", "E-mail Address"], CONTACTS)).toEqual([["E-mail Address", "email"]]);
  });

  it("gives a field two columns match exactly to the first of them", () => {
    expect(keysOf(["EMAIL", "Email"], CONTACTS)).toEqual([["EMAIL", "email"]]);
  });

  const PHONES: Field[] = [
    { key: "homePhone", label: "Home phone", type: "string" },
    { key: "workPhone", label: "Work phone", type: "string" },
  ];

  it("does not guess between two fields a column fits equally well", () => {
    expect(keysOf(["Phone"], PHONES)).toEqual([]);
  });

  it("maps the column once a better column has taken one of the two", () => {
    expect(keysOf(["Phone", "Work Phone"], PHONES)).toEqual([
      ["Phone", "homePhone"],
      ["Work Phone", "workPhone"],
    ]);
  });

  it("does not guess between two columns that fit a field equally well", () => {
    expect(keysOf(["Home Phone", "Work Phone"], [{ key: "phone", type: "string" }])).toEqual([]);
  });

  it("never fills a field twice, however many columns look like it", () => {
    const headers = [
      "Email",
      "E-mail",
      "EMAIL",
      "email_address",
      "Email Address",
      "Work Email",
      "Email 2",
      "Emial",
    ];
    const plan = proposePlan({ sourceFields: headers.map(column), destinationFields: CONTACTS });
    expect(plan.fieldMapping).toHaveLength(1);
    expect(plan.unmappedSourceFields).toHaveLength(headers.length - 1);
  });
});

describe("proposePlan: enum fields", () => {
  const status = CONTACTS.find((field) => field.key === "status");

  it("maps the column's distinct values onto the options", () => {
    const plan = proposePlan({
      sourceFields: [column("Status")],
      destinationFields: CONTACTS,
      distinctValues: new Map([["Status", ["Active", "INACTIVE", "churned"]]]),
    });
    expect(plan.fieldMapping[0]?.enumDetails).toEqual({
      mapping: [
        { sourceValue: "Active", destinationValue: "active" },
        { sourceValue: "INACTIVE", destinationValue: "inactive" },
        { sourceValue: "churned" },
      ],
      unusedDestinationValues: [],
    });
  });

  it("offers an enum column's own options when no sample is given", () => {
    const source: Field = {
      key: "state",
      label: "Status",
      type: "enum",
      config: { options: [{ value: "Active" }, { value: "Archived" }] },
    };
    const plan = proposePlan({ sourceFields: [source], destinationFields: status ? [status] : [] });
    expect(plan.fieldMapping[0]?.enumDetails).toEqual({
      mapping: [{ sourceValue: "Active", destinationValue: "active" }, { sourceValue: "Archived" }],
      unusedDestinationValues: ["inactive"],
    });
  });

  it("gives no value mapping to a field that is not an enum", () => {
    const plan = proposePlan({
      sourceFields: [column("City")],
      destinationFields: CONTACTS,
      distinctValues: new Map([["City", ["Berlin"]]]),
    });
    expect(plan.fieldMapping[0]?.enumDetails).toBeUndefined();
  });
});
