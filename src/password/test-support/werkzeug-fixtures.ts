/**
 * @module werkzeug hashes for tests, computed with Python's hashlib exactly as werkzeug's
 * `generate_password_hash` does (salt used as UTF-8 text, key hex-encoded).
 */

/** The password behind every `WERKZEUG_*` fixture except `WERKZEUG_UNICODE_*`. */
export const WERKZEUG_PASSWORD = 'correct horse battery staple';

/** The password behind `WERKZEUG_UNICODE_*`: a ligature, full-width letters and an accent, none NFKC-normalised. */
export const WERKZEUG_UNICODE_PASSWORD = 'ﬁnal ｆｕｌｌ-width pässword';

/** werkzeug 3.0's default method. */
export const WERKZEUG_PBKDF2_SHA256_600K =
  'pbkdf2:sha256:600000$mVxdGtemriwZgXNq$22ccbddde1c37fbee06db9343eaa42ff8c5b1d25c935f3d1557ddf48d6b9bad2';

/** werkzeug 2.x's default method. */
export const WERKZEUG_PBKDF2_SHA256_260K =
  'pbkdf2:sha256:260000$9whaR4BM5Ot2f0VQ$5a1a6b34b166e9770472d2a8d27fce25ad366721a17613a90c2693467570dbd1';

/** A sha512 digest: the key is 64 bytes, the digest size. */
export const WERKZEUG_PBKDF2_SHA512 =
  'pbkdf2:sha512:1000$qaR6MXAOVhyalRta$edc2285b6dd3c5f116ee134d165f6c11e40b4ea682e002cdd7a6195a055ec592c2eeae003c7975370192910b5a57190cdc0ee2e53e957d649b411f9cb6aa1a04';

/** werkzeug 0.x's default method, with its 8-character salt. */
export const WERKZEUG_PBKDF2_SHA1 =
  'pbkdf2:sha1:1000$Ab3dEf7h$7613b15c5f5c0c571e35dda485f021acf716232e';

/** werkzeug 3's default method (`scrypt`, written with its parameters). */
export const WERKZEUG_SCRYPT =
  'scrypt:32768:8:1$5bXAPu5nZDC1nBCu$e52ecd4870d9214c18b4aa94626769ffbb107d9084f49a19108840b495eca42edb299ba750477892d371f10b4074d16402a8278ee669d9544a21cacbd56e137b';

/** Plain `scrypt` with werkzeug's defaults N = 2^15, r = 8, p = 1. */
export const WERKZEUG_SCRYPT_IMPLICIT =
  'scrypt$NaCl4werkzeugAbc$56b7c0080ff8a64df0e6e750f7d5247e75a7e53a7b59f2394b72adef23267eafac84fbcdbf75588201d4a19b284cb9b130e7a2c5f7ff1400a0aeb64891abbe1d';

/** `WERKZEUG_UNICODE_PASSWORD` under werkzeug's scrypt. */
export const WERKZEUG_UNICODE_SCRYPT =
  'scrypt:32768:8:1$6uXQjtJNzighopaq$c45d69b082d1536f23a20ea5c4e490f2675403d04c433a392517c9884f8aeb4d4326a82917247d208f8496583c805ec8441ef116a63ea8e2104d8277f97e58d8';

/** `WERKZEUG_UNICODE_PASSWORD` under werkzeug's pbkdf2. */
export const WERKZEUG_UNICODE_PBKDF2 =
  'pbkdf2:sha256:600000$voH0F4fHVqcY7bJ8$b540683b9d5687f78c391caf2411eaee9c4b8034cc2cb38c25e82b0a692bd01c';
