// @vitest-environment jsdom
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { JobLogLineItem } from "./job-log-line";

afterEach(cleanup);

describe("JobLogLineItem", () => {
  it("reads the marker of dropped lines as a gap, with no level of its own", () => {
    render(
      <ol>
        <JobLogLineItem
          line={{
            seq: 12,
            level: "warn",
            message: "12 earlier lines dropped",
            time: new Date().toISOString(),
            dropped: 12,
          }}
        />
      </ol>,
    );
    const item = screen.getByRole("listitem");
    expect(item).toHaveTextContent(/^12 earlier lines dropped$/);
    expect(item).toHaveAttribute("data-slot", "job-log-marker");
    expect(item).not.toHaveTextContent("Warning");
  });
});
