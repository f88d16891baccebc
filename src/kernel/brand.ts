/**
 * Branded value types: a string that has been parsed at the edge carries its brand,
 * so past the edge a value is valid by type.
 */
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };
