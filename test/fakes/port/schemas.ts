/**
 * Request schemas of the routes the fake serves, condensed from Port's OpenAPI spec (the contract
 * tests check the fake and the spec accept and reject the same requests). Large unions the fake does
 * not act on (aggregation specs, widget layouts) are left open.
 */
const ENTITY_ID = "^(?!\\.{1,2}$)[\\p{L}0-9@_.+:\\\\/=-]+$";
const BLUEPRINT_ID = "^(?!\\.{1,2}$)[\\p{L}0-9@_.+:\\\\/-]+$";
const KEY = "^[A-Za-z0-9@_=\\-]+$";

const bool = { type: "boolean", default: false };

const operators = [
  "=", "!=", "contains", "doesNotContains", "containsAny", "beginsWith", "doesNotBeginsWith", "endsWith",
  "doesNotEndsWith", "in", "notIn", ">", ">=", "<", "<=", "between", "notBetween", "isEmpty", "isNotEmpty",
  "isExpired", "isNotExpired", "relatedTo",
];

/** `{combinator, rules}` with nested queries; rules are checked by shape, operators by name. */
export const searchQuery = {
  $id: "searchQuery",
  type: "object",
  properties: {
    combinator: { enum: ["and", "or"] },
    rules: {
      type: "array",
      items: {
        anyOf: [
          { $ref: "searchQuery" },
          {
            type: "object",
            properties: { operator: { enum: operators }, property: { type: ["string", "object"] } },
            required: ["operator"],
          },
          { type: "object", properties: { propertySchema: { type: "object" } }, required: ["propertySchema"] },
        ],
      },
    },
  },
  required: ["combinator", "rules"],
  additionalProperties: false,
};

const relationValue = {
  anyOf: [
    { type: "string", pattern: ENTITY_ID, maxLength: 1000 },
    { type: "array", items: { type: "string", pattern: ENTITY_ID } },
    { type: "null" },
    { $ref: "searchQuery" },
  ],
};

const team = { oneOf: [{ type: "string" }, { type: "array", items: { type: "string" } }, { $ref: "searchQuery" }] };

export const entityBody = {
  type: "object",
  properties: {
    identifier: { oneOf: [{ type: "string", pattern: ENTITY_ID, maxLength: 1000 }, { $ref: "searchQuery" }] },
    title: { type: "string" },
    icon: { type: "string" },
    team,
    properties: { type: "object", default: {} },
    relations: { type: "object", additionalProperties: relationValue },
  },
  additionalProperties: true,
};

export const entityPatchBody = {
  type: "object",
  properties: {
    identifier: { type: "string", pattern: ENTITY_ID, maxLength: 1000 },
    title: { type: ["string", "null"] },
    icon: { type: ["string", "null"] },
    team: { oneOf: [{ type: ["string", "null"] }, { type: "array", items: { type: "string" } }, { $ref: "searchQuery" }] },
    properties: { type: "object", propertyNames: { pattern: KEY } },
    relations: { type: "object", additionalProperties: relationValue },
  },
  additionalProperties: false,
};

/**
 * `upsert` and `delete_dependents` carry `default: false` in the spec yet are required; with Ajv's
 * useDefaults the default would satisfy `required`, so it is left out here.
 */
export const entityWriteQuery = {
  type: "object",
  properties: {
    upsert: { type: "boolean" },
    validation_only: bool,
    create_missing_related_entities: bool,
    merge: bool,
    run_id: { type: "string" },
  },
  required: ["upsert"],
};

export const entityUpdateQuery = {
  type: "object",
  properties: { create_missing_related_entities: bool, run_id: { type: "string" } },
};

export const bulkBody = {
  type: "object",
  properties: { entities: { type: "array", items: entityBody, minItems: 1, maxItems: 20 } },
  required: ["entities"],
  additionalProperties: false,
};

export const deleteQuery = {
  type: "object",
  properties: { delete_dependents: { type: "boolean" }, run_id: { type: "string" } },
  required: ["delete_dependents"],
};

export const bulkDeleteBody = {
  type: "object",
  properties: { entities: { type: "array", items: { type: "string" }, minItems: 1, maxItems: 100 } },
  required: ["entities"],
  additionalProperties: false,
};

export const readQuery = {
  type: "object",
  properties: {
    exclude_calculated_properties: bool,
    include: { type: "array", items: { type: "string" } },
    exclude: { type: "array", items: { type: "string" } },
    attach_title_to_relation: bool,
    attach_identifier_to_title_mirror_properties: bool,
    allow_partial_results: bool,
  },
};

export const pagedSearchBody = {
  type: "object",
  properties: {
    query: { $ref: "searchQuery" },
    include: { type: "array", items: { type: "string" } },
    exclude: { type: "array", items: { type: "string" } },
    limit: { type: "number", minimum: 1, maximum: 1000, default: 200 },
    from: { type: "string" },
  },
  additionalProperties: false,
};

/** Undocumented (Ocean's `search_entities_by_datasource`), so shaped after what Ocean sends. */
export const datasourceBody = {
  type: "object",
  properties: {
    datasource_prefix: { type: "string" },
    datasource_suffix: { type: "string" },
    limit: { type: "integer", minimum: 1, maximum: 5000, default: 5000 },
    from: { type: "string" },
    before: { type: "string", format: "date-time" },
  },
  required: ["datasource_prefix", "datasource_suffix"],
  additionalProperties: false,
};

export const authBody = {
  type: "object",
  properties: { clientId: { type: "string" }, clientSecret: { type: "string" } },
  required: ["clientId", "clientSecret"],
  additionalProperties: false,
};

const propertyFormats = [
  "date-time", "url", "email", "idn-email", "ipv4", "ipv6", "markdown", "yaml", "user", "blueprints", "team", "timer",
  "proto", "labeled-url",
];

const blueprintFields = {
  identifier: { type: "string", pattern: BLUEPRINT_ID, maxLength: 100 },
  title: { type: "string", maxLength: 100, minLength: 1 },
  icon: { type: "string" },
  schema: {
    type: "object",
    properties: {
      properties: {
        type: "object",
        propertyNames: { pattern: KEY, maxLength: 100 },
        additionalProperties: {
          type: "object",
          properties: {
            title: { type: "string", maxLength: 100 },
            type: { enum: ["string", "number", "boolean", "object", "array"] },
            format: { enum: propertyFormats },
          },
          required: ["type"],
        },
      },
      required: { type: "array", items: { type: "string" } },
    },
    additionalProperties: false,
    required: ["properties"],
  },
  calculationProperties: { type: "object", propertyNames: { pattern: KEY, maxLength: 100 } },
  mirrorProperties: { type: "object", propertyNames: { pattern: KEY, maxLength: 100 } },
  aggregationProperties: { type: "object", propertyNames: { pattern: KEY, maxLength: 100 } },
  relations: {
    type: "object",
    propertyNames: { pattern: KEY, maxLength: 100 },
    additionalProperties: {
      type: "object",
      properties: {
        title: { type: "string", maxLength: 100 },
        target: { type: "string" },
        required: { type: "boolean", default: false },
        many: { type: "boolean", default: false },
        type: { type: "string" },
      },
      additionalProperties: false,
      required: ["target", "required", "many"],
    },
  },
};

export const blueprintCreateBody = {
  type: "object",
  properties: blueprintFields,
  additionalProperties: true,
  required: ["identifier", "title", "schema"],
};
export const blueprintPutBody = { ...blueprintCreateBody, required: ["title", "schema"] };
export const blueprintPatchBody = { ...blueprintCreateBody, required: [] };

export const blueprintCreateQuery = {
  type: "object",
  properties: { create_catalog_page: { type: "boolean", default: true } },
};
export const blueprintDeleteQuery = { type: "object", properties: { delete_actions: { type: "boolean" } } };

const integrationConfig = { type: ["object", "null"], additionalProperties: true };

export const integrationCreateBody = {
  type: "object",
  properties: {
    installationId: { type: "string", minLength: 1 },
    title: { type: ["string", "null"] },
    installationAppType: { type: "string" },
    version: { type: "string" },
    config: integrationConfig,
    changelogDestination: { type: "object" },
  },
  required: ["installationId"],
  additionalProperties: true,
};

export const integrationPatchBody = {
  type: "object",
  properties: {
    title: { type: ["string", "null"] },
    installationAppType: { type: "string" },
    version: { type: "string" },
    spec: { type: "object", additionalProperties: true },
    actionsProcessingEnabled: { type: "boolean", default: false },
    config: integrationConfig,
    changelogDestination: { type: "object" },
  },
  additionalProperties: true,
};

export const integrationConfigBody = {
  type: "object",
  properties: { config: integrationConfig },
  required: ["config"],
  additionalProperties: false,
};

export const integrationGetQuery = {
  type: "object",
  properties: { byField: { type: "string", default: "installationId", enum: ["installationId", "logIngestId"] } },
};
