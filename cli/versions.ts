import { libraryVersions } from '../scripts/package-versions.mjs';

/** Versions recorded in every manifest made by the CLI: Node's, the workbench's and its libraries'. */
export function toolVersions(): Record<string, string> {
  return { node: process.versions.node, ...libraryVersions() };
}
