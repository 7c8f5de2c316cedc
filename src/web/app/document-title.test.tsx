// @vitest-environment jsdom
import { act, cleanup, render, waitFor } from "@testing-library/react";
import { useState } from "react";
import { afterEach, describe, expect, it } from "vitest";
import { DocumentTitle, documentTitleFor } from "./document-title";

afterEach(cleanup);

describe("documentTitleFor", () => {
  it("puts the page's heading first and names the app once", () => {
    expect(documentTitleFor("Files")).toBe("Files · Jobs Panel");
    expect(documentTitleFor("  Snapshots of\n Contacts ")).toBe("Snapshots of Contacts · Jobs Panel");
    expect(documentTitleFor("Jobs Panel")).toBe("Jobs Panel");
    expect(documentTitleFor(undefined)).toBe("Jobs Panel");
    expect(documentTitleFor("")).toBe("Jobs Panel");
  });
});

describe("DocumentTitle", () => {
  it("follows the page's heading as it appears and changes", async () => {
    let rename: (name: string) => void = () => undefined;
    function Page() {
      const [name, setName] = useState<string>();
      rename = setName;
      return <main>{name ? <h1>{name}</h1> : <p>Loading…</p>}</main>;
    }
    render(
      <>
        <Page />
        <DocumentTitle />
      </>,
    );
    expect(document.title).toBe("Jobs Panel");
    act(() => rename("Contacts"));
    await waitFor(() => expect(document.title).toBe("Contacts · Jobs Panel"));
    act(() => rename("Files"));
    await waitFor(() => expect(document.title).toBe("Files · Jobs Panel"));
  });
});
