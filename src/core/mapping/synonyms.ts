import { headerWords } from "./normalize";

/**
 * What common contact and company columns are called in spreadsheets, CRMs and exports. Two names of one concept match
 * with `strong` certainty; two names of different concepts never match, however similar they look ("Name" is not
 * "First Name", "County" is not "Country", "Email Address" is not "Address"). The table stays small on purpose: a
 * wrong synonym maps data into the wrong column, a missing one only leaves a column for the user to map.
 */
export const FIELD_SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  email: ["email", "e-mail", "email address", "e-mail address", "mail", "email addr", "emailaddr"],
  firstName: ["first name", "firstname", "fname", "first", "given name", "forename", "christian name"],
  middleName: ["middle name", "mname", "middle", "middle initial"],
  lastName: ["last name", "lastname", "lname", "last", "surname", "family name"],
  fullName: ["name", "full name", "fullname", "contact name", "person name", "display name"],
  salutation: ["salutation", "honorific", "prefix", "name prefix"],
  suffix: ["suffix", "name suffix"],
  phone: [
    "phone",
    "phone number",
    "telephone",
    "telephone number",
    "tel",
    "tel number",
    "mobile",
    "mobile phone",
    "mobile number",
    "cell",
    "cell phone",
    "cellphone",
    "contact number",
  ],
  fax: ["fax", "fax number", "facsimile"],
  company: [
    "company",
    "company name",
    "organization",
    "organisation",
    "organization name",
    "organisation name",
    "org",
    "employer",
    "business",
    "business name",
    "account name",
  ],
  jobTitle: ["job title", "title", "position", "job position", "designation"],
  department: ["department", "dept", "division"],
  industry: ["industry", "sector", "vertical"],
  employeeCount: ["employee count", "employees", "number employees", "headcount", "company size"],
  revenue: ["revenue", "annual revenue", "turnover"],
  website: ["website", "web site", "url", "web", "homepage", "home page", "website url", "company website"],
  linkedin: ["linkedin", "linkedin url", "linkedin profile"],
  address: [
    "address",
    "street",
    "street address",
    "address line 1",
    "address 1",
    "street 1",
    "street line 1",
    "mailing address",
    "postal address",
  ],
  address2: ["address line 2", "address 2", "street 2", "street line 2", "apartment", "apt", "suite", "unit"],
  city: ["city", "town", "locality", "city town"],
  county: ["county"],
  state: ["state", "province", "state province", "state region", "prefecture"],
  postalCode: ["postal code", "postcode", "post code", "zip", "zip code", "zipcode", "postal", "plz"],
  country: ["country", "country name", "nation", "country code", "country region"],
  birthDate: ["birth date", "birthdate", "date birth", "dob", "birthday", "born"],
  age: ["age"],
  gender: ["gender", "sex"],
  notes: ["notes", "note", "comments", "comment", "remarks", "remark"],
  description: ["description", "desc", "summary"],
  username: ["username", "user name", "login", "user login", "handle"],
  language: ["language", "lang", "preferred language"],
  timezone: ["timezone", "time zone", "tz"],
  currency: ["currency", "currency code"],
  latitude: ["latitude", "lat"],
  longitude: ["longitude", "lng", "lon", "long"],
  createdAt: ["created at", "created", "date created", "creation date", "created date", "created on"],
  updatedAt: [
    "updated at",
    "updated",
    "last updated",
    "date updated",
    "last modified",
    "modified",
    "modified at",
  ],
};

/** Compact spelling -> concept. Built once; a spelling under two concepts would make matching depend on key order. */
const CONCEPT_BY_SPELLING: ReadonlyMap<string, string> = (() => {
  const byCompact = new Map<string, string>();
  for (const [concept, names] of Object.entries(FIELD_SYNONYMS)) {
    for (const name of [concept, ...names]) byCompact.set(headerWords(name).compact, concept);
  }
  return byCompact;
})();

/** The concept a header names ("E-mail Address" -> "email"), or undefined for one the table does not know. */
export function conceptOf(compact: string): string | undefined {
  return CONCEPT_BY_SPELLING.get(compact);
}
