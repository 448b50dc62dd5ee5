import { parseArgs, type ParseArgsConfig } from 'node:util';
/**
 * The command-line front of the tools (`npm run hub`, `npm run sandbox`, `npm run store-server`): a wrong
 * option prints what is wrong and the usage and exits 2 (a usage error, as shells expect); --help prints the
 * usage and asks for nothing more. Any other error is the caller's to report.
 */
export function parseCommandLine<T>(
  parse: () => T | 'help',
  usage: { text: string; error: abstract new (...args: never[]) => Error },
): T | null {
  let parsed: T | 'help';
  try {
    parsed = parse();
  } catch (err) {
    if (err instanceof usage.error) {
      console.error(`${err.message}\n\n${usage.text}`);
      process.exit(2);
    }
    throw err;
  }
  if (parsed === 'help') {
    console.log(usage.text);
    return null;
  }
  return parsed;
}

/**
 * The options of a tool that takes no positional arguments, strictly (an unknown or malformed option throws
 * `usageError` with node's words, which parseCommandLine then prints beside the usage).
 */
export function parseOptions<const O extends NonNullable<ParseArgsConfig['options']>>(
  argv: string[],
  options: O,
  usageError: new (message: string) => Error,
) {
  try {
    return parseArgs({ args: argv, strict: true, allowPositionals: false, options }).values;
  } catch (err) {
    throw new usageError(err instanceof Error ? err.message : String(err));
  }
}
