import { errorCatalogue } from '../kernel/errors.ts';

/**
 * The corporate registry's errors. Those of the Web-API's parameters also carry the
 * NTA-style three-digit number and Japanese message (`WEB_API_MESSAGES`): `/4/*` answers
 * them as a plain-text `NNN,message` body, as the NTA's service does.
 */
export const CorporateErrors = errorCatalogue({
  CORPORATE_NUMBER_INVALID: {
    status: 400,
    message: 'A corporate number is not 13 digits with a valid check digit.',
  },
  CORPORATE_NUMBER_TOO_MANY: {
    status: 400,
    message: 'At most 10 corporate numbers may be asked for at once.',
  },
  CORPORATE_NUMBER_MISSING: { status: 400, message: 'No corporate number was given.' },
  CORPORATE_TYPE_INVALID: { status: 400, message: 'The response type must be 01, 02, 12 or json.' },
  CORPORATE_PARAMETER_INVALID: { status: 400, message: 'A parameter is not one of its allowed values.' },
  CORPORATE_DATE_INVALID: { status: 400, message: 'A date is not a real date written YYYY-MM-DD.' },
  CORPORATE_DATE_RANGE: {
    status: 400,
    message: 'The period is not valid: from is after to, or it is longer than allowed.',
  },
  CORPORATE_NAME_INVALID: {
    status: 400,
    message: 'The name to search for is missing, too long, or has nothing to search by.',
  },
  CORPORATE_ADDRESS_INVALID: {
    status: 400,
    message: 'The address filter must be a 2-digit prefecture code or a 5-digit prefecture and city code.',
  },
  CORPORATE_DIVIDE_INVALID: { status: 400, message: 'The page asked for (divide) does not exist.' },
  CORPORATE_ENCODING_INVALID: { status: 400, message: 'The request is not valid UTF-8.' },
  CORPORATE_APPLICATION_ID_MISSING: { status: 403, message: 'An application id (id) is required.' },
  CORPORATE_APPLICATION_ID_UNKNOWN: {
    status: 403,
    message: 'The application id is not one issued here, or it was revoked.',
  },
  CORPORATE_NOT_FOUND: { status: 404, message: 'No corporation has this number.' },
  CORPORATE_ALREADY_DESIGNATED: { status: 409, message: 'This corporate number is already designated.' },
  CORPORATE_TRANSITION_INVALID: {
    status: 409,
    message: 'This change cannot be recorded in the corporation’s present state.',
  },
  CORPORATE_FIELD_INVALID: { status: 400, message: 'A field of the corporation’s record is not valid.' },
  CORPORATE_SUCCESSOR_INVALID: {
    status: 409,
    message: 'The successor must be another designated corporation that is not closed.',
  },
  CORPORATE_MEMBER_INVALID: { status: 400, message: 'The corporate portal request is not valid.' },
  CORPORATE_MEMBER_NOT_FOUND: {
    status: 404,
    message: 'There is no such membership, application or invitation.',
  },
  CORPORATE_MEMBER_CODE_UNKNOWN: {
    status: 404,
    message: 'This invitation code is unknown, was already used or has expired.',
  },
  CORPORATE_MEMBER_TRANSITION: {
    status: 409,
    message: 'The membership is not in a state that allows this.',
  },
  CORPORATE_MEMBER_EXISTS: {
    status: 409,
    message: 'This person already belongs to the corporation, or has applied.',
  },
  CORPORATE_MEMBER_FORBIDDEN: {
    status: 403,
    message: 'Your role at this corporation does not allow this, or you are not its member.',
  },
  CORPORATE_CLOSED: {
    status: 409,
    message: 'The corporation is closed: no one can newly register or join.',
  },
});

/** The Web-API's own numbers and messages for the errors its parameters can cause. */
export const WEB_API_MESSAGES: Partial<Record<keyof typeof CorporateErrors, readonly [string, string]>> = {
  CORPORATE_APPLICATION_ID_MISSING: ['001', 'アプリケーションIDが指定されていません。'],
  CORPORATE_APPLICATION_ID_UNKNOWN: ['002', 'アプリケーションIDが正しくありません。'],
  CORPORATE_TYPE_INVALID: ['010', '応答形式（type）の指定が正しくありません。'],
  CORPORATE_NUMBER_MISSING: ['020', '法人番号（number）が指定されていません。'],
  CORPORATE_NUMBER_INVALID: ['021', '法人番号（number）の指定が正しくありません。'],
  CORPORATE_NUMBER_TOO_MANY: ['022', '法人番号（number）は10件までしか指定できません。'],
  CORPORATE_PARAMETER_INVALID: ['030', 'パラメータの指定が正しくありません。'],
  CORPORATE_DATE_INVALID: ['040', '日付（from/to）の指定が正しくありません。'],
  CORPORATE_DATE_RANGE: ['041', '期間（from/to）の指定が正しくありません。'],
  CORPORATE_ADDRESS_INVALID: ['050', '所在地（address）の指定が正しくありません。'],
  CORPORATE_NAME_INVALID: ['060', '商号又は名称（name）の指定が正しくありません。'],
  CORPORATE_DIVIDE_INVALID: ['070', '分割番号（divide）の指定が正しくありません。'],
  CORPORATE_ENCODING_INVALID: ['080', '文字コードが正しくありません（UTF-8で指定してください）。'],
};
