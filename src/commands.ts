import { exportCommand } from './pki/commands.ts';
import type { OperatorCommand } from './platform/operator-commands.ts';
import { eventCommand, listCommand, seedCommand, statsCommand, verifyCommand } from './registry/commands.ts';

/** Every operator command, served to the CLI by a running platform. */
export const OPERATOR_COMMANDS: readonly OperatorCommand[] = [
  seedCommand,
  statsCommand,
  verifyCommand,
  listCommand,
  eventCommand,
  exportCommand,
];
