/**
 * @module Flask apps' users tables as Flask-SQLAlchemy creates them on SQLite: Flasky's `users`
 * (with `confirmed` and a `roles` table beside it) and Microblog's `user`.
 */
import Database from 'better-sqlite3';

/** One user row; fields left out are NULL, as in a Flask database. */
export interface FlaskUser {
  readonly id: number | null;
  readonly email: string | null;
  readonly username?: string | null;
  readonly password_hash: string | null;
  readonly confirmed?: boolean | null;
}

const FLASKY_SCHEMA = `
CREATE TABLE roles (
  id INTEGER NOT NULL,
  name VARCHAR(64),
  "default" BOOLEAN,
  permissions INTEGER,
  PRIMARY KEY (id),
  UNIQUE (name)
);
CREATE INDEX ix_roles_default ON roles ("default");
CREATE TABLE users (
  id INTEGER NOT NULL,
  email VARCHAR(64),
  username VARCHAR(64),
  role_id INTEGER,
  password_hash VARCHAR(128),
  confirmed BOOLEAN,
  name VARCHAR(64),
  location VARCHAR(64),
  about_me TEXT,
  member_since DATETIME,
  last_seen DATETIME,
  avatar_hash VARCHAR(32),
  PRIMARY KEY (id),
  FOREIGN KEY(role_id) REFERENCES roles (id)
);
CREATE UNIQUE INDEX ix_users_email ON users (email);
CREATE UNIQUE INDEX ix_users_username ON users (username);
INSERT INTO roles (id, name, "default", permissions) VALUES (1, 'User', 1, 7), (2, 'Administrator', 0, 31);
`;

const MICROBLOG_SCHEMA = `
CREATE TABLE user (
  id INTEGER NOT NULL,
  username VARCHAR(64) NOT NULL,
  email VARCHAR(120) NOT NULL,
  password_hash VARCHAR(256),
  about_me VARCHAR(140),
  last_seen DATETIME,
  last_message_read_time DATETIME,
  token VARCHAR(32),
  token_expiration DATETIME,
  PRIMARY KEY (id)
);
CREATE UNIQUE INDEX ix_user_email ON user (email);
CREATE UNIQUE INDEX ix_user_username ON user (username);
CREATE UNIQUE INDEX ix_user_token ON user (token);
`;

/**
 * Writes a Flasky database (`users`, `roles`) holding these users.
 *
 * @example createFlaskyDatabase(join(dir, 'data-dev.sqlite'), [{ id: 1, email, username, password_hash, confirmed: true }]);
 */
export function createFlaskyDatabase(path: string, users: readonly FlaskUser[]): void {
  const db = new Database(path);
  try {
    db.exec(FLASKY_SCHEMA);
    const insert = db.prepare(
      `INSERT INTO users (id, email, username, role_id, password_hash, confirmed, name, member_since, last_seen)
       VALUES (?, ?, ?, 1, ?, ?, 'A Name', '2019-05-01 10:00:00.000000', '2024-01-01 09:30:00.000000')`,
    );
    db.transaction(() => {
      for (const user of users) {
        const confirmed =
          user.confirmed === undefined || user.confirmed === null ? null : user.confirmed ? 1 : 0;
        insert.run(user.id, user.email, user.username ?? null, user.password_hash, confirmed);
      }
    })();
  } finally {
    db.close();
  }
}

/**
 * Writes a Microblog database (`user`) holding these users.
 *
 * @example createMicroblogDatabase(join(dir, 'app.db'), [{ id: 1, email, username, password_hash }]);
 */
export function createMicroblogDatabase(path: string, users: readonly FlaskUser[]): void {
  const db = new Database(path);
  try {
    db.exec(MICROBLOG_SCHEMA);
    const insert = db.prepare(
      `INSERT INTO user (id, username, email, password_hash, about_me, last_seen)
       VALUES (?, ?, ?, ?, 'hello', '2024-02-03 04:05:06.000000')`,
    );
    db.transaction(() => {
      for (const user of users) {
        insert.run(user.id, user.username ?? `user${user.id}`, user.email, user.password_hash);
      }
    })();
  } finally {
    db.close();
  }
}
