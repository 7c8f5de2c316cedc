// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import { afterEach, describe, expect, it } from "vitest";
import { RadioGroup, RadioGroupItem } from "./radio-group";

afterEach(cleanup);

function Choice() {
  const [value, setValue] = useState("crm");
  return (
    <RadioGroup aria-label="Destination" value={value} onValueChange={setValue}>
      <RadioGroupItem value="crm" aria-label="CRM" />
      <RadioGroupItem value="warehouse" aria-label="Data warehouse" />
    </RadioGroup>
  );
}

describe("RadioGroup", () => {
  it("chooses the item an arrow moves to, also when the key is up before the focus lands (a quick tap)", async () => {
    render(<Choice />);
    const crm = screen.getByRole("radio", { name: "CRM" });
    act(() => crm.focus());
    // Down and up at once, before Radix's timer moves the focus.
    fireEvent.keyDown(crm, { key: "ArrowDown" });
    fireEvent.keyUp(crm, { key: "ArrowDown" });
    await act(() => new Promise((resolve) => setTimeout(resolve, 10)));
    const warehouse = screen.getByRole("radio", { name: "Data warehouse" });
    expect(warehouse).toHaveFocus();
    expect(warehouse).toBeChecked();
  });

  it("does not choose an item that takes the focus without an arrow", () => {
    render(<Choice />);
    act(() => screen.getByRole("radio", { name: "Data warehouse" }).focus());
    expect(screen.getByRole("radio", { name: "CRM" })).toBeChecked();
    expect(screen.getByRole("radio", { name: "Data warehouse" })).not.toBeChecked();
  });
});
