/** libsvm-js's CommonJS glue source, wrapped as an ES module exporting `glue = { module }`. */
export function glueAsModule(source: string): string;
