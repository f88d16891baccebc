import { describe, expect, it } from 'vitest';
import { serverAddress } from './db.ts';
import { StatementChooser } from './statements.ts';

describe('which statements are prepared', () => {
  it('prepares a text the second time it is seen, and from then on', () => {
    const chooser = new StatementChooser();
    expect(chooser.prepare('select $1')).toBe(false);
    expect(chooser.prepare('select $1')).toBe(true);
    expect(chooser.prepare('select $1')).toBe(true);
    expect(chooser.prepared).toBe(1);
  });

  it('never prepares more texts than its limit, nor long ones', () => {
    const chooser = new StatementChooser({ seenLimit: 100, preparedLimit: 3, maxLength: 20 });
    for (const text of ['a', 'b', 'c', 'd', 'a', 'b', 'c', 'd']) chooser.prepare(text);
    expect(chooser.prepared).toBe(3);
    expect(chooser.prepare('d')).toBe(false);
    expect(chooser.prepare('a')).toBe(true);
    const long = 'x'.repeat(21);
    chooser.prepare(long);
    expect(chooser.prepare(long)).toBe(false);
  });

  it('forgets the oldest text seen once when it has seen too many', () => {
    const chooser = new StatementChooser({ seenLimit: 2, preparedLimit: 10, maxLength: 100 });
    chooser.prepare('first');
    chooser.prepare('second');
    chooser.prepare('third'); // "first" is forgotten
    expect(chooser.prepare('first')).toBe(false);
    expect(chooser.prepare('third')).toBe(true);
  });
});

describe('server addresses', () => {
  it('takes a libpq socket folder out of the URL', () => {
    expect(serverAddress('postgres://u@localhost/db?host=/var/run/postgresql')).toEqual({
      url: 'postgres://u@localhost/db',
      socketDir: '/var/run/postgresql',
    });
    expect(serverAddress('postgres://u@127.0.0.1:5432/db?sslmode=disable')).toEqual({
      url: 'postgres://u@127.0.0.1:5432/db?sslmode=disable',
    });
  });
});
