/** Paths the decision server mounts the email handlers at (the token is the last path segment). */
export const EMAIL_ROUTES = {
  click: "/v1/email/click/",
  open: "/v1/email/open/",
  unsubscribe: "/v1/email/unsubscribe/",
} as const;
