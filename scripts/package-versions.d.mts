export function packageVersion(pkg: string): string;
export function libraryVersions(): Record<string, string>;
