/**
 * `zchat db` and `zchat account`: operator tools over the data directory of a server, safe while it runs
 * (SQLite WAL; each tool waits for the server's locks up to store.busyTimeoutMs). Each command's actions are
 * rows of a table (name, arguments, what it does); the command rows in main.ts come from them.
 */
import { checkDataDir, checkFile } from './values.js';
import type { CliIo, Command, ParsedArgs, PositionalSpec } from './command.js';

/** One action of a tool command: `zchat <command> <name> [args]`. */
export interface ToolAction {
  name: string;
  /** Argument names, shown in usage; each is required. */
  args: readonly string[];
  summary: string;
  run(values: ParsedArgs['values'], args: readonly string[], io: CliIo): Promise<number>;
}

const dataOptions = {
  data: { type: 'string', valueName: 'DIR', description: 'Data directory of the server (holds zchat.db)', defaultText: './data (or dataDir of --config)', check: checkDataDir },
  config: { type: 'string', short: 'c', valueName: 'FILE', description: 'The server\'s config file (for dataDir and store settings)', check: checkFile },
} as const;

const tools = (): Promise<typeof import('./store-tools.js')> => import('./store-tools.js');

export const dbActions: readonly ToolAction[] = [
  { name: 'backup', args: ['FILE'], summary: 'Copy the database to FILE while the server runs (never overwrites FILE)', run: async (v, a, io) => (await tools()).runBackup(v, a[0]!, io) },
  { name: 'check', args: [], summary: 'Check the database for damage; exit 1 when any is found', run: async (v, _a, io) => (await tools()).runCheck(v, io) },
];

export const accountActions: readonly ToolAction[] = [
  { name: 'add', args: ['NAME'], summary: 'Create an account; the password is read from stdin (asked twice on a terminal)', run: async (v, a, io) => (await tools()).runAccountAdd(v, a[0]!, io) },
  { name: 'list', args: [], summary: 'List accounts: name, e-mail, created, last seen', run: async (v, _a, io) => (await tools()).runAccountList(v, io) },
  { name: 'delete', args: ['NAME'], summary: 'Delete an account with its read markers', run: async (v, a, io) => (await tools()).runAccountDelete(v, a[0]!, io) },
  { name: 'passwd', args: ['NAME'], summary: 'Set a new password for an account (read from stdin)', run: async (v, a, io) => (await tools()).runAccountPasswd(v, a[0]!, io) },
];

/** A command row whose first positional picks an action of `actions`. */
function toolCommand(name: string, summary: string, actions: readonly ToolAction[], extra: Command['options'], examples: string[]): Command {
  const actionList = actions.map((a) => a.name).join(', ');
  const positionals: PositionalSpec[] = [
    {
      name: 'action',
      description: actions.map((a) => `${[a.name, ...a.args].join(' ')}: ${a.summary}`).join('; '),
      check: (raw) => (actions.some((a) => a.name === raw) ? { value: raw } : { problem: `expected one of ${actionList}, got "${raw}"` }),
    },
    { name: 'argument', description: 'What the action works on (NAME, FILE)' },
  ];
  return {
    name,
    summary,
    usage: `${name} <${actions.map((a) => a.name).join('|')}> [argument] [options]`,
    options: { ...dataOptions, ...extra },
    positionals,
    examples,
    run: async (args, io) => {
      const action = actions.find((a) => a.name === args.positionals[0]);
      if (!action) {
        io.stderr.write(`zchat ${name}: which action? one of ${actionList}\nRun 'zchat ${name} --help' for usage.\n`);
        return 2;
      }
      const given = args.positionals.slice(1).map(String);
      if (given.length !== action.args.length) {
        const want = action.args.length === 0 ? 'no argument' : action.args.join(' ');
        io.stderr.write(`zchat ${name} ${action.name}: expected ${want}\nRun 'zchat ${name} --help' for usage.\n`);
        return 2;
      }
      return action.run(args.values, given, io);
    },
  };
}

export const dbCommand: Command = toolCommand('db', 'Database tools: online backup, integrity check', dbActions, {}, [
  'zchat db check --data ./data',
  'zchat db backup zchat-backup.db --data ./data',
]);

export const accountCommand: Command = toolCommand('account', 'Manage accounts in the data directory: add, list, delete, passwd', accountActions, {
  email: { type: 'string', valueName: 'ADDRESS', description: 'With add: the account\'s e-mail address', check: checkFile },
}, [
  'printf "secret\\n" | zchat account add alice --data ./data',
  'zchat account list',
  'zchat account passwd alice',
  'zchat account delete alice',
]);
