import {
  counterIssueCommand,
  deliverCommand,
  invalidateCommand,
  pinResetCommand,
  resumeCommand,
  suspendCommand,
  sweepCommand,
} from './card/commands.ts';
import {
  appIdCreateCommand,
  appIdRevokeCommand,
  corporateChangeCommand,
  corporateDesignateCommand,
  corporateExportCommand,
  corporateSeedCommand,
} from './corporate/commands.ts';
import {
  institutionsCommand,
  linkageSeedCommand,
  linkageStatsCommand,
  logVerifyCommand,
  permissionsCommand,
  queryCommand,
  recordsCommand,
  rotateKeysCommand,
  tlsIssueCommand,
  tlsRevokeCommand,
} from './linkage/commands.ts';
import { grantCommand, setupCommand } from './login/commands.ts';
import { exportCommand, verifierAddCommand } from './pki/commands.ts';
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
  verifierAddCommand,
  counterIssueCommand,
  deliverCommand,
  invalidateCommand,
  suspendCommand,
  resumeCommand,
  sweepCommand,
  pinResetCommand,
  setupCommand,
  grantCommand,
  institutionsCommand,
  permissionsCommand,
  queryCommand,
  recordsCommand,
  rotateKeysCommand,
  linkageStatsCommand,
  linkageSeedCommand,
  logVerifyCommand,
  tlsIssueCommand,
  tlsRevokeCommand,
  corporateSeedCommand,
  corporateExportCommand,
  corporateDesignateCommand,
  corporateChangeCommand,
  appIdCreateCommand,
  appIdRevokeCommand,
];
