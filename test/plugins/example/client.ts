import * as v from "valibot";
import type { PluginContext } from "../../../src/plugin.ts";
import { HttpError, type ErrorBody } from "../../../src/runtime/http.ts";
import type { ExampleSettings } from "./settings.ts";

/** The API's error body, `{"fault": {"code": "...", "text": "..."}}`. */
const FaultSchema = v.object({ fault: v.object({ code: v.string(), text: v.string() }) });

function faultOf(data: unknown): ErrorBody | undefined {
  const parsed = v.safeParse(FaultSchema, data);
  return parsed.success ? { code: parsed.output.fault.code, message: parsed.output.fault.text } : undefined;
}

const PageSchema = v.object({ data: v.array(v.unknown()), next_page: v.nullable(v.number()) });

export interface ExampleClient {
  /** One page of a collection, and the number of the next one (null after the last). */
  page(collection: string, page: number, query?: Record<string, string | undefined>): Promise<v.InferOutput<typeof PageSchema>>;
  /** One item, or undefined when the API answers 404. */
  item(collection: string, id: string): Promise<unknown>;
}

export function exampleClient(ctx: PluginContext<ExampleSettings>): ExampleClient {
  const http = ctx.http({
    baseURL: `${ctx.settings.url}/api`,
    headers: { authorization: `Bearer ${ctx.settings.token}` },
    errorBody: faultOf,
  });
  return {
    async page(collection, page, query) {
      const res = await http.request<unknown>(`/${collection}`, { query: { ...query, page } });
      return v.parse(PageSchema, res.data);
    },
    async item(collection, id) {
      try {
        return (await http.request<unknown>(`/${collection}/${encodeURIComponent(id)}`)).data;
      } catch (err) {
        if (err instanceof HttpError && err.status === 404) return undefined;
        throw err;
      }
    },
  };
}
