import type { Flatfile } from "@flatfile/api";
import * as wire from "@flatfile/api/serialization";
import { describe, expect, it } from "vitest";
import { proposePlan } from "../mapping";
import {
  EdgeMetadata,
  FileJobConfig,
  JobExecutionPlan,
  JobExecutionPlanConfigRequest,
  JobExecutionPlanRequest,
  JobPlan,
  PipelineJobConfig,
  validatePlan,
  type CategoryMapping,
  type Certainty,
  type DestinationField,
  type Edge,
  type EnumDetails,
  type SourceField,
} from "./plan";
import type { Field } from "./sheet";

const SOURCE: Field[] = [
  { key: "First_Name", label: "First Name", type: "string" },
  { key: "E_mail", label: "E-mail", type: "string" },
  { key: "Status", label: "Status", type: "string" },
  { key: "Notes", label: "Notes", type: "string" },
];
const DESTINATION: Field[] = [
  { key: "firstName", label: "First Name", type: "string", constraints: [{ type: "required" }] },
  {
    key: "email",
    label: "Email",
    type: "string",
    constraints: [{ type: "unique", config: { caseSensitive: false } }],
  },
  {
    key: "status",
    label: "Status",
    type: "enum",
    config: { options: [{ value: "active", label: "Active" }, { value: "inactive" }] },
  },
  { key: "age", label: "Age", type: "number" },
];

const PLAN = proposePlan({
  sourceFields: SOURCE,
  destinationFields: DESTINATION,
  previews: new Map([["First_Name", ["Ada", "Grace"]]]),
  distinctValues: new Map([["Status", ["Active", "gone"]]]),
});

const edge = (source: string, destination: string, extra: Partial<Edge> = {}): Edge => ({
  sourceField: SOURCE.find((field) => field.key === source) ?? { key: source, type: "string" },
  destinationField: DESTINATION.find((field) => field.key === destination) ?? {
    key: destination,
    type: "string",
  },
  ...extra,
});

describe("JobExecutionPlan", () => {
  it("accepts the plan proposePlan makes", () => {
    expect(PLAN.fieldMapping.map((e) => e.destinationField.key)).toEqual(["firstName", "email", "status"]);
    expect(JobExecutionPlan.parse(PLAN)).toEqual(PLAN);
  });

  it("is a plan @flatfile/api's own wire schema accepts, without unknown keys", async () => {
    const parsed = await wire.JobExecutionPlan.parse(JSON.parse(JSON.stringify(PLAN)));
    expect(parsed.ok ? [] : parsed.errors).toEqual([]);
  });

  it("accepts the plan of Flatfile's PUT example, fileId and jobId included", () => {
    const example: Flatfile.JobExecutionPlanRequest = {
      fieldMapping: [
        {
          sourceField: { type: "string", key: "firstName" },
          destinationField: { type: "string", key: "firstName", label: "First Name" },
        },
        {
          sourceField: { type: "string", key: "lastName" },
          destinationField: { type: "string", key: "lastName", label: "Last Name" },
        },
      ],
      unmappedSourceFields: [{ sourceField: { type: "string", key: "email" } }],
      unmappedDestinationFields: [{ destinationField: { type: "string", key: "email", label: "Email" } }],
      fileId: "us_fl_YOUR_ID",
      jobId: "us_jb_YOUR_ID",
    };
    expect(JobExecutionPlanRequest.parse(example)).toEqual(example);
    const { fileId: _fileId, jobId: _jobId, ...plan } = example;
    expect(JobExecutionPlanRequest.safeParse(plan).success).toBe(true);
  });

  it("requires every list in a full plan, and none in a PATCH", () => {
    expect(JobExecutionPlanRequest.safeParse({ fieldMapping: [] }).success).toBe(false);
    expect(JobExecutionPlanConfigRequest.parse({})).toEqual({});
    expect(JobExecutionPlanConfigRequest.parse({ fieldMapping: PLAN.fieldMapping })).toEqual({
      fieldMapping: PLAN.fieldMapping,
    });
  });

  it.each<[string, unknown]>([
    [
      "an unknown certainty",
      { ...PLAN, fieldMapping: [edge("E_mail", "email", { metadata: { certainty: "sure" as never } })] },
    ],
    [
      "a confidence above 1",
      { ...PLAN, fieldMapping: [edge("E_mail", "email", { metadata: { confidence: 2 } })] },
    ],
    [
      "a field type the sheets do not have",
      { ...PLAN, unmappedSourceFields: [{ sourceField: { key: "a", type: "reference" } }] },
    ],
    [
      "a field without a key",
      { ...PLAN, unmappedDestinationFields: [{ destinationField: { type: "string" } }] },
    ],
    [
      "an enum field without options",
      { ...PLAN, unmappedDestinationFields: [{ destinationField: { key: "a", type: "enum" } }] },
    ],
    [
      "more edges than a sheet has fields",
      { ...PLAN, fieldMapping: Array.from({ length: 501 }, () => edge("E_mail", "email")) },
    ],
    [
      "too many preview values",
      { ...PLAN, fieldMapping: [edge("E_mail", "email", { preview: Array(21).fill("a") })] },
    ],
    [
      "an over-long preview value",
      { ...PLAN, fieldMapping: [edge("E_mail", "email", { preview: ["a".repeat(256)] })] },
    ],
    [
      "an enum value that is an object",
      {
        ...PLAN,
        fieldMapping: [
          edge("Status", "status", { enumDetails: { mapping: [{ sourceValue: {} }] } as never }),
        ],
      },
    ],
    [
      "an over-long metadata source",
      { ...PLAN, fieldMapping: [edge("E_mail", "email", { metadata: { source: "x".repeat(65) } })] },
    ],
  ])("refuses %s", (_, plan) => {
    expect(JobExecutionPlan.safeParse(plan).success).toBe(false);
  });
});

describe("JobPlan, PipelineJobConfig, FileJobConfig", () => {
  it("wraps a job and its plan", () => {
    const job = {
      id: "us_jb_1",
      type: "workbook",
      operation: "map",
      source: "us_wb_source",
      destination: "us_wb_target",
      config: { sourceSheetId: "us_sh_1", destinationSheetId: "us_sh_2" },
      trigger: "manual",
      status: "planning",
      progress: 0,
      mode: "foreground",
      managed: true,
      environmentId: "us_env_1",
      metadata: {},
      createdAt: "2024-05-01T10:00:00.000Z",
      updatedAt: "2024-05-01T10:00:00.000Z",
    };
    expect(JobPlan.parse({ job, plan: PLAN })).toEqual({ job, plan: PLAN });
    expect(PipelineJobConfig.parse(job.config)).toEqual(job.config);
  });

  it("requires both sheets of a map job", () => {
    expect(PipelineJobConfig.safeParse({ sourceSheetId: "us_sh_1" }).success).toBe(false);
    expect(PipelineJobConfig.safeParse({ sourceSheetId: "", destinationSheetId: "us_sh_2" }).success).toBe(
      false,
    );
  });

  it("takes an extract job's driver and header row", () => {
    expect(FileJobConfig.parse({ driver: "xlsx", detectedHeaderRow: 2 })).toEqual({
      driver: "xlsx",
      detectedHeaderRow: 2,
    });
    expect(FileJobConfig.safeParse({ driver: "pdf" }).success).toBe(false);
    expect(FileJobConfig.safeParse({ driver: "csv", detectedHeaderRow: -1 }).success).toBe(false);
    expect(FileJobConfig.safeParse({ driver: "csv", detectedHeaderRow: 1.5 }).success).toBe(false);
  });

  it("reads Flatfile's edge metadata", () => {
    expect(EdgeMetadata.parse({ certainty: "absolute", confidence: 1, source: "exact" })).toEqual({
      certainty: "absolute",
      confidence: 1,
      source: "exact",
    });
  });
});

describe("validatePlan", () => {
  it("finds nothing wrong with a proposed plan", () => {
    expect(validatePlan(PLAN, SOURCE, DESTINATION)).toEqual([]);
  });

  it("names fields that are not in the sheets", () => {
    const plan = {
      fieldMapping: [edge("Phone", "email"), edge("E_mail", "phone")],
      unmappedSourceFields: [{ sourceField: { key: "Fax", type: "string" } as Field }],
      unmappedDestinationFields: [{ destinationField: { key: "fax", type: "string" } as Field }],
    };
    expect(validatePlan(plan, SOURCE, DESTINATION)).toEqual([
      { key: "fieldMapping.0.sourceField.key", message: 'The source sheet has no field "Phone"' },
      { key: "fieldMapping.1.destinationField.key", message: 'The destination sheet has no field "phone"' },
      { key: "unmappedSourceFields.0.sourceField.key", message: 'The source sheet has no field "Fax"' },
      {
        key: "unmappedDestinationFields.0.destinationField.key",
        message: 'The destination sheet has no field "fax"',
      },
    ]);
  });

  it("refuses a destination mapped twice, and allows a column to feed two fields", () => {
    const twice = { fieldMapping: [edge("First_Name", "firstName"), edge("Notes", "firstName")] };
    expect(validatePlan(twice, SOURCE, DESTINATION)).toEqual([
      {
        key: "fieldMapping.1.destinationField.key",
        message: '"firstName" is mapped twice, from "First_Name" and from "Notes"',
      },
    ]);
    const fanOut = { fieldMapping: [edge("E_mail", "email"), edge("E_mail", "firstName")] };
    expect(validatePlan(fanOut, SOURCE, DESTINATION)).toEqual([]);
  });

  it("refuses a field that is both mapped and unmapped", () => {
    const plan = {
      fieldMapping: [edge("E_mail", "email")],
      unmappedSourceFields: [{ sourceField: SOURCE[1] as Field }],
      unmappedDestinationFields: [{ destinationField: DESTINATION[1] as Field }],
    };
    expect(validatePlan(plan, SOURCE, DESTINATION).map((issue) => issue.message)).toEqual([
      '"E_mail" is both mapped and unmapped',
      '"email" is both mapped and unmapped',
    ]);
  });

  it("refuses value mappings to options the field does not have, and on fields that are not enums", () => {
    const mapping: CategoryMapping[] = [
      { sourceValue: "Active", destinationValue: "active" },
      { sourceValue: "Gone", destinationValue: "gone" },
      { sourceValue: "Left", destinationValue: "Inactive" },
      { sourceValue: "Unknown" },
    ];
    const plan = {
      fieldMapping: [
        edge("Status", "status", { enumDetails: { mapping } }),
        edge("Notes", "age", { enumDetails: { mapping: [] } }),
      ],
    };
    expect(validatePlan(plan, SOURCE, DESTINATION)).toEqual([
      {
        key: "fieldMapping.0.enumDetails.mapping.1.destinationValue",
        message: '"gone" is not an option of "status" (options: "active", "inactive")',
      },
      {
        key: "fieldMapping.0.enumDetails.mapping.2.destinationValue",
        message: '"Inactive" is not an option of "status" (options: "active", "inactive")',
      },
      { key: "fieldMapping.1.enumDetails", message: '"age" is not an enum field' },
    ]);
  });
});

/*
 * Type-level: where the wire shapes agree, a value of our type is a value of @flatfile/api's. The one difference is a
 * field's `config` (ours is shared by all field types; Flatfile types it per field type), so plans are compared with
 * the fields left out and the fields on their own.
 */
type Extends<A, B> = [A] extends [B] ? true : false;
type EdgeWith<F> = Omit<Flatfile.Edge, "sourceField" | "destinationField"> & {
  sourceField: F;
  destinationField: F;
};
type SourceFieldWith<F> = Omit<Flatfile.SourceField, "sourceField"> & { sourceField: F };
type DestinationFieldWith<F> = Omit<Flatfile.DestinationField, "destinationField"> & { destinationField: F };
type IDS = "fileId" | "jobId";
type PlanWith<T, F> = {
  [K in keyof T]: NonNullable<T[K]> extends Flatfile.Edge[]
    ? EdgeWith<F>[]
    : NonNullable<T[K]> extends Flatfile.SourceField[]
      ? SourceFieldWith<F>[]
      : NonNullable<T[K]> extends Flatfile.DestinationField[]
        ? DestinationFieldWith<F>[]
        : T[K];
};

describe("types", () => {
  it("agree with @flatfile/api where the wire shapes agree", () => {
    const agreements: true[] = [
      true as Extends<Certainty, Flatfile.Certainty>,
      true as Extends<Flatfile.Certainty, Certainty>,
      true as Extends<CategoryMapping, Flatfile.CategoryMapping>,
      true as Extends<EnumDetails, Flatfile.EnumDetails>,
      true as Extends<EdgeMetadata, Flatfile.Metadata>,
      true as Extends<Omit<Field, "type" | "config"> & { type: "string" | "date" }, Flatfile.Property>,
      true as Extends<Edge, EdgeWith<Field>>,
      true as Extends<SourceField, SourceFieldWith<Field>>,
      true as Extends<DestinationField, DestinationFieldWith<Field>>,
      true as Extends<JobExecutionPlan, PlanWith<Flatfile.JobExecutionPlan, Field>>,
      // fileId and jobId, required by @flatfile/api, are optional here; what it sends is accepted, ids included.
      true as Extends<JobExecutionPlanRequest, PlanWith<Omit<Flatfile.JobExecutionPlanRequest, IDS>, Field>>,
      true as Extends<PlanWith<Flatfile.JobExecutionPlanRequest, Field>, JobExecutionPlanRequest>,
      true as Extends<
        JobExecutionPlanConfigRequest,
        PlanWith<Omit<Flatfile.JobExecutionPlanConfigRequest, IDS>, Field>
      >,
      true as Extends<PlanWith<Flatfile.JobExecutionPlanConfigRequest, Field>, JobExecutionPlanConfigRequest>,
      true as Extends<PipelineJobConfig, Flatfile.PipelineJobConfig>,
      true as Extends<FileJobConfig & { driver: "csv" }, Flatfile.FileJobConfig>,
    ];
    expect(agreements.every(Boolean)).toBe(true);
  });
});
