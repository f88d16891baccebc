import pino, { type Logger } from 'pino';

/**
 * JSON-line logs. Personal data never goes in on purpose (bodies are not logged, errors
 * carry no input); as a last guard every line is scrubbed of anything shaped like an
 * Individual Number (12 digits, optionally grouped 4-4-4) before it is written.
 */
const NUMBER_LIKE = /(?<![0-9])(?:[0-9]{12}|[0-9]{4}[ -][0-9]{4}[ -][0-9]{4})(?![0-9])/g;
const FULLWIDTH_NUMBER_LIKE = /[０-９]{12}/g;

export function scrubLine(line: string): string {
  return line.replace(NUMBER_LIKE, '[number]').replace(FULLWIDTH_NUMBER_LIKE, '[number]');
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      hooks: { streamWrite: scrubLine },
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
      serializers: {
        // A query string may carry a credential (the Web-API's application id, `id=`).
        req: (req: { method?: string; url?: string; host?: string; remoteAddress?: string }) => ({
          method: req.method,
          url: req.url?.replace(/([?&]id=)[^&]*/g, '$1[redacted]'),
          host: req.host,
          remoteAddress: req.remoteAddress,
        }),
      },
    },
    destination,
  );
}

export type { Logger };
