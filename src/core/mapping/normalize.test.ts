import { describe, expect, it } from "vitest";
import { editDistance, isSwap } from "./edit-distance";
import { headerWords, splitWords } from "./normalize";
import { FIELD_SYNONYMS, conceptOf } from "./synonyms";

describe("splitWords", () => {
  it.each([
    ["firstName", ["first", "name"]],
    ["first_name", ["first", "name"]],
    ["FIRST-NAME", ["first", "name"]],
    ["  First   Name ", ["first", "name"]],
    ["HTTPStatus", ["http", "status"]],
    ["address2", ["address", "2"]],
    ["2ndPhone", ["2", "nd", "phone"]],
    ["Prénom", ["prenom"]],
    ["E-mail (work)", ["e", "mail", "work"]],
    ["#", []],
  ])("%s", (text, words) => {
    expect(splitWords(text)).toEqual(words);
  });
});

describe("headerWords", () => {
  it("drops filler words, spells out number and makes words singular", () => {
    expect(headerWords("Date of Birth").words).toEqual(["date", "birth"]);
    expect(headerWords("Phone No.").words).toEqual(["phone", "number"]);
    expect(headerWords("Account Nr").words).toEqual(["account", "number"]);
    expect(headerWords("Notes").words).toEqual(["note"]);
    expect(headerWords("Cities").words).toEqual(["city"]);
    expect(headerWords("Addresses").words).toEqual(["address"]);
    expect(headerWords("Status").words).toEqual(["status"]);
  });

  it("runs the words together and keeps the digits apart", () => {
    expect(headerWords("E-Mail Address 2")).toEqual({
      words: ["e", "mail", "address", "2"],
      compact: "emailaddress2",
      digits: ["2"],
    });
  });
});

describe("editDistance", () => {
  it.each([
    ["email", "email", 0],
    ["email", "emial", 1],
    ["address", "adress", 1],
    ["state", "stage", 1],
    ["status", "state", 2],
    ["kitten", "sitting", 3],
    ["", "abc", 3],
  ])("%s -> %s is %i", (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });

  it("stops counting past the limit", () => {
    expect(editDistance("kitten", "sitting", 1)).toBe(2);
    expect(editDistance("a", "abcdef", 2)).toBe(3);
  });

  it("tells a swap of neighbours from other typos", () => {
    expect(isSwap("email", "emial")).toBe(true);
    expect(isSwap("state", "stage")).toBe(false);
    expect(isSwap("abcd", "badc")).toBe(false);
  });
});

describe("FIELD_SYNONYMS", () => {
  it("names each spelling under one concept only", () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const [concept, names] of Object.entries(FIELD_SYNONYMS)) {
      for (const name of [concept, ...names]) {
        const { compact } = headerWords(name);
        const earlier = owner.get(compact);
        if (earlier !== undefined && earlier !== concept) clashes.push(`${name}: ${earlier} and ${concept}`);
        owner.set(compact, concept);
      }
    }
    expect(clashes).toEqual([]);
  });

  it("finds the concept of a header however it is written", () => {
    for (const header of ["Zip", "ZIP_CODE", "zipCode", "Post-code", "postal code"]) {
      expect(conceptOf(headerWords(header).compact)).toBe("postalCode");
    }
    expect(conceptOf(headerWords("Lifecycle Stage").compact)).toBeUndefined();
  });
});
