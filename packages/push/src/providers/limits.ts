/** Provider payload limits in UTF-8 bytes of the serialized JSON (see README "What is counted"). */
export const PAYLOAD_LIMITS = {
  apns: 4096,
  apnsVoip: 5120,
  fcm: 4096,
  /** Messages to a topic or a topic condition. */
  fcmTopic: 2048,
  /** Plaintext that fits a 4096-byte aes128gcm body: 4096 − 86 header − 16 tag − 1 delimiter. */
  webPushAes128gcm: 3993,
  /** Legacy aesgcm: 4096 − 16 tag − 2 padding-length bytes. */
  webPushAesgcm: 4078,
  expo: 4096,
} as const;
