import { describe, expect, it } from 'vitest';
import { splitStatements } from './migrate.ts';

describe('splitStatements', () => {
  it('splits on line-ending semicolons and keeps dollar-quoted bodies whole', () => {
    const sql = `-- comment
create table a (id int);
create function f() returns int as $$
begin
  return 1;
end;
$$ language plpgsql;
insert into a values (1);`;
    const parts = splitStatements(sql);
    expect(parts).toHaveLength(3);
    expect(parts[1]).toContain('return 1;');
    expect(parts[1]).toMatch(/language plpgsql$/);
  });
});
