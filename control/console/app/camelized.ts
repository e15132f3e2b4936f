// The console's spelling of the API's JSON types: the same fields, keys in camelCase.

type CamelKey<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<CamelKey<Tail>>}` : S;

/**
 * `T` (a type derived from one of the API's JSON Schemas) with every key in camelCase, nested
 * objects and arrays too, and no index signature: so the console's types come from the same
 * schemas the server validates against, and a field the schemas rename breaks the console's build.
 * Example: Camelized<{ published_serial: number; edges: { in_sync: number } }> is
 * { publishedSerial: number; edges: { inSync: number } }.
 */
export type Camelized<T> = T extends readonly (infer U)[]
  ? Camelized<U>[]
  : T extends object
    ? { [K in keyof T as K extends string ? (string extends K ? never : CamelKey<K>) : never]: Camelized<T[K]> }
    : T;
