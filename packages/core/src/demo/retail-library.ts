import type { LibraryBundleInput } from "../model/library.js";
import type { OfferInput } from "../model/offer.js";
import type { CapRuleInput } from "../model/cap-rule.js";

/**
 * "Northwind Outfitters": a realistic retail Offer Library used by the README's start command, the
 * storefront example and the email templates. Data only — every behaviour comes from the engine.
 *
 * Placements: web-hero (html), web-sidebar (text), web-banner (image), email-hero (html),
 * email-grid (html), push-alert (json: { title, body, deepLink? }).
 * Decisions: "homepage" (web-hero + web-sidebar + web-banner) and "lifecycle" (email-hero + email-grid + push-alert).
 */

const CDN = "https://cdn.northwind.example/offers";
const SHOP = "https://shop.northwind.example";

interface DemoOffer {
  id: string;
  name: string;
  priority: number;
  tags: string[];
  attributes: Record<string, string | number | boolean>;
  headline: string;
  body: string;
  path: string;
  eligibility?: string;
  caps?: CapRuleInput[];
  startDate?: string;
  endDate?: string;
  status?: "draft" | "approved" | "archived";
}

const demoOffers: DemoOffer[] = [
  {
    id: "welcome-10",
    name: "Welcome 10% off",
    priority: 60,
    tags: ["welcome", "discount"],
    attributes: { category: "all", margin: 0.3, discountPct: 10 },
    headline: "Welcome! 10% off your first order",
    body: "New here? Take 10% off everything with code WELCOME10.",
    path: "/welcome",
    eligibility: "profile.tenureDays < 30",
    caps: [
      {
        id: "once-per-week",
        event: "decision",
        scope: "profile",
        limit: 3,
        window: { type: "calendar", unit: "week", count: 1, timeZone: "Europe/Paris" },
      },
    ],
  },
  {
    id: "gold-lounge",
    name: "Gold members lounge",
    priority: 80,
    tags: ["loyalty", "gold"],
    attributes: { category: "loyalty", margin: 0.5 },
    headline: "Gold members: early access is open",
    body: "Shop the new season 48 hours before everyone else.",
    path: "/early-access",
    eligibility: "profile.loyalty.tier == 'gold' || profile.loyalty.tier == 'platinum'",
  },
  {
    id: "platinum-concierge",
    name: "Platinum concierge",
    priority: 90,
    tags: ["loyalty", "platinum"],
    attributes: { category: "service", margin: 0.6 },
    headline: "Your personal stylist is waiting",
    body: "Book a free 30-minute session with a Northwind stylist.",
    path: "/concierge",
    eligibility: "profile.loyalty.tier == 'platinum'",
  },
  {
    id: "points-double",
    name: "Double points weekend",
    priority: 55,
    tags: ["loyalty", "points"],
    attributes: { category: "loyalty", margin: 0.4 },
    headline: "Double points all weekend",
    body: "Every purchase earns twice the points until Sunday midnight.",
    path: "/points",
    eligibility: "has(profile.loyalty.points) && profile.loyalty.points > 0",
  },
  {
    id: "running-shoes",
    name: "Trail running shoes -20%",
    priority: 50,
    tags: ["sport", "running", "discount"],
    attributes: { category: "running", margin: 0.35, discountPct: 20 },
    headline: "Trail season: 20% off running shoes",
    body: "Grip, cushion and 20% off the whole trail range.",
    path: "/running",
    eligibility: "'running' in profile.interests",
    caps: [{ id: "global-stock", event: "decision", scope: "global", limit: 5000 }],
  },
  {
    id: "yoga-bundle",
    name: "Yoga starter bundle",
    priority: 45,
    tags: ["sport", "yoga"],
    attributes: { category: "yoga", margin: 0.45 },
    headline: "Yoga starter bundle: mat, block, strap",
    body: "Everything to start your practice for 49 €.",
    path: "/yoga",
    eligibility: "'yoga' in profile.interests",
  },
  {
    id: "camping-sale",
    name: "Camping gear sale",
    priority: 48,
    tags: ["outdoor", "camping", "discount"],
    attributes: { category: "camping", margin: 0.3, discountPct: 25 },
    headline: "Camping gear up to 25% off",
    body: "Tents, stoves and sleeping bags for your next trip.",
    path: "/camping",
    eligibility: "'camping' in profile.interests || 'hiking' in profile.interests",
  },
  {
    id: "ski-preseason",
    name: "Ski pre-season",
    priority: 52,
    tags: ["winter", "ski"],
    attributes: { category: "ski", margin: 0.4 },
    headline: "Pre-season ski tune-up for 29 €",
    body: "Wax, edges and bindings checked before the first snow.",
    path: "/ski",
    eligibility:
      "'ski' in profile.interests && profile.address.country in ['FR', 'CH', 'AT', 'IT']",
  },
  {
    id: "kids-back-to-school",
    name: "Kids back to school",
    priority: 40,
    tags: ["kids", "discount"],
    attributes: { category: "kids", margin: 0.25 },
    headline: "Back to school: kids' shoes from 19 €",
    body: "Sturdy, comfy and ready for the playground.",
    path: "/kids",
    eligibility: "has(profile.hasKids) && profile.hasKids",
  },
  {
    id: "free-shipping-50",
    name: "Free shipping over 50 €",
    priority: 35,
    tags: ["shipping"],
    attributes: { category: "all", margin: 0.2 },
    headline: "Free shipping on orders over 50 €",
    body: "No code needed — it applies at checkout.",
    path: "/shipping",
  },
  {
    id: "cart-saver",
    name: "Cart saver 5 €",
    priority: 70,
    tags: ["cart", "discount"],
    attributes: { category: "all", margin: 0.2 },
    headline: "Still thinking? Here's 5 € off",
    body: "Your cart is waiting — complete your order today and save 5 €.",
    path: "/cart",
    eligibility: "has(context.cartValue) && context.cartValue >= 40",
    caps: [
      {
        id: "per-profile-day",
        event: "decision",
        scope: "profile",
        limit: 2,
        window: { type: "calendar", unit: "day", count: 1, timeZone: "Europe/Paris" },
      },
    ],
  },
  {
    id: "winback-15",
    name: "We miss you 15%",
    priority: 65,
    tags: ["winback", "discount"],
    attributes: { category: "all", margin: 0.25, discountPct: 15 },
    headline: "We miss you — 15% off to come back",
    body: "It's been a while. Here is 15% off your next order.",
    path: "/winback",
    eligibility: "profile.daysSinceLastPurchase > 90",
  },
  {
    id: "vip-birthday",
    name: "Birthday gift",
    priority: 85,
    tags: ["loyalty", "birthday"],
    attributes: { category: "loyalty", margin: 0.5 },
    headline: "Happy birthday! A gift is waiting",
    body: "Pick up a free gift in store this month.",
    path: "/birthday",
    eligibility: "has(profile.birthdayMonth) && profile.birthdayMonth == context.month",
  },
  {
    id: "app-download",
    name: "Get the app",
    priority: 20,
    tags: ["app"],
    attributes: { category: "app", margin: 0.1 },
    headline: "Shop faster with the Northwind app",
    body: "Scan in store, track orders and get app-only deals.",
    path: "/app",
    eligibility: "context.channel == 'web' && profile.device.os != 'ios-app'",
    caps: [{ id: "views", event: "display", scope: "profile", limit: 5 }],
  },
  {
    id: "newsletter-signup",
    name: "Newsletter signup",
    priority: 15,
    tags: ["newsletter"],
    attributes: { category: "marketing", margin: 0.05 },
    headline: "Get 5 € for joining our newsletter",
    body: "Tips, drops and members-only offers, twice a month.",
    path: "/newsletter",
    eligibility: "!has(profile.emailOptIn) || !profile.emailOptIn",
  },
  {
    id: "outlet",
    name: "Outlet last sizes",
    priority: 30,
    tags: ["outlet", "discount"],
    attributes: { category: "all", margin: 0.15, discountPct: 40 },
    headline: "Outlet: last sizes up to 40% off",
    body: "When they're gone, they're gone.",
    path: "/outlet",
  },
  {
    id: "cycling-service",
    name: "Bike service 39 €",
    priority: 42,
    tags: ["sport", "cycling"],
    attributes: { category: "cycling", margin: 0.5 },
    headline: "Full bike service for 39 €",
    body: "Brakes, gears and a safety check in our workshop.",
    path: "/bike-service",
    eligibility: "'cycling' in profile.interests",
  },
  {
    id: "swim-collection",
    name: "New swim collection",
    priority: 38,
    tags: ["sport", "swimming", "new"],
    attributes: { category: "swimming", margin: 0.45 },
    headline: "The new swim collection is here",
    body: "Chlorine-resistant, recycled fabrics, bold prints.",
    path: "/swim",
    eligibility: "'swimming' in profile.interests",
  },
  {
    id: "black-friday-early",
    name: "Black Friday early access",
    priority: 95,
    tags: ["seasonal", "discount"],
    attributes: { category: "all", margin: 0.2, discountPct: 30 },
    headline: "Black Friday starts now for you",
    body: "Early access: 30% off sitewide for loyalty members.",
    path: "/black-friday",
    eligibility: "profile.loyalty.tier != 'none'",
    startDate: "2026-11-20T00:00:00Z",
    endDate: "2026-12-01T00:00:00Z",
    caps: [{ id: "global-units", event: "decision", scope: "global", limit: 20000 }],
  },
  {
    id: "summer-clearance",
    name: "Summer clearance",
    priority: 44,
    tags: ["seasonal", "discount"],
    attributes: { category: "all", margin: 0.1 },
    headline: "Summer clearance: everything must go",
    body: "Up to 60% off summer styles.",
    path: "/summer",
    startDate: "2026-07-01T00:00:00Z",
    endDate: "2026-08-31T00:00:00Z",
  },
  {
    id: "gift-cards",
    name: "Gift cards",
    priority: 25,
    tags: ["gifts"],
    attributes: { category: "gifts", margin: 0.3 },
    headline: "Not sure what to give? Gift cards",
    body: "Digital gift cards delivered instantly, from 10 €.",
    path: "/gift-cards",
  },
  {
    id: "repair-program",
    name: "Repair program (draft)",
    priority: 99,
    tags: ["sustainability"],
    attributes: { category: "service", margin: 0.2 },
    headline: "Repair, don't replace",
    body: "Free repairs on Northwind jackets for life.",
    path: "/repair",
    status: "draft",
  },
];

function representations(o: DemoOffer): OfferInput["representations"] {
  const link = `${SHOP}${o.path}`;
  return [
    {
      placementId: "web-hero",
      type: "html",
      content: `<h2>${o.headline}</h2><p>${o.body}</p><a href="${link}">Shop now</a>`,
      linkUrl: link,
    },
    { placementId: "web-sidebar", type: "text", content: o.headline, linkUrl: link },
    {
      placementId: "web-banner",
      type: "image",
      url: `${CDN}/${o.id}.jpg`,
      altText: o.headline,
      linkUrl: link,
    },
    {
      placementId: "email-hero",
      type: "html",
      content: `<h1>${o.headline}</h1><p>${o.body}</p>`,
      linkUrl: link,
    },
    {
      placementId: "email-grid",
      type: "html",
      content: `<strong>${o.headline}</strong>`,
      linkUrl: link,
    },
    {
      placementId: "push-alert",
      type: "json",
      content: { title: o.headline, body: o.body, deepLink: `northwind://${o.path.slice(1)}` },
      linkUrl: link,
    },
  ];
}

export const retailDemoLibrary: LibraryBundleInput = {
  version: 1,
  placements: [
    { id: "web-hero", name: "Homepage hero", channel: "web", contentType: "html", itemCount: 1 },
    {
      id: "web-sidebar",
      name: "Homepage sidebar",
      channel: "web",
      contentType: "text",
      itemCount: 3,
    },
    {
      id: "web-banner",
      name: "Category banner",
      channel: "web",
      contentType: "image",
      itemCount: 1,
    },
    { id: "email-hero", name: "Email hero", channel: "email", contentType: "html", itemCount: 1 },
    {
      id: "email-grid",
      name: "Email 3-offer grid",
      channel: "email",
      contentType: "html",
      itemCount: 3,
    },
    {
      id: "push-alert",
      name: "Push notification",
      channel: "push",
      contentType: "json",
      itemCount: 1,
    },
  ],
  rules: [
    { id: "adult", name: "Adults only", expression: "profile.age >= 18" },
    {
      id: "eu-shipping",
      name: "Ships to the EU",
      expression:
        "profile.address.country in ['FR', 'DE', 'ES', 'IT', 'NL', 'BE', 'AT', 'PT', 'IE']",
    },
    {
      id: "engaged",
      name: "Engaged customer",
      expression: "profile.ltv > 200 || profile.loyalty.points > 1000",
    },
  ],
  rankingFormulas: [
    {
      id: "value-boost",
      name: "Priority boosted by value and urgency",
      description:
        "Priority, plus a boost for high-value customers and offers ending within 3 days.",
      expression:
        "offer.priority * 2 + (profile.ltv > 1000 ? 10 : 0) + (has(offer.endDate) && offer.endDate - now < duration('72h') ? 15 : 0)",
    },
    {
      id: "margin-weighted",
      name: "Margin weighted",
      expression: "offer.priority * (1.0 + offer.attributes.margin)",
    },
  ],
  offers: [
    ...demoOffers.map(
      (o): OfferInput => ({
        id: o.id,
        name: o.name,
        kind: "personalized",
        status: o.status ?? "approved",
        priority: o.priority,
        tags: o.tags,
        attributes: o.attributes,
        representations: representations(o),
        ...(o.eligibility ? { eligibility: { expression: o.eligibility } } : {}),
        ...(o.caps ? { caps: o.caps } : {}),
        ...(o.startDate ? { startDate: o.startDate } : {}),
        ...(o.endDate ? { endDate: o.endDate } : {}),
      }),
    ),
    {
      id: "brand-story",
      name: "Northwind brand story (fallback)",
      kind: "fallback",
      status: "approved",
      representations: representations({
        id: "brand-story",
        name: "",
        priority: 0,
        tags: [],
        attributes: {},
        headline: "Gear for every adventure",
        body: "Discover the Northwind collection.",
        path: "/",
      }),
    },
  ],
  collections: [
    { id: "loyalty", name: "Loyalty offers", kind: "dynamic", tagsAny: ["loyalty"] },
    { id: "promotions", name: "Promotions", kind: "dynamic", tagsAny: ["discount", "seasonal"] },
    {
      id: "sport",
      name: "Sport & outdoor",
      kind: "dynamic",
      tagsAny: ["sport", "outdoor", "winter"],
    },
    {
      id: "everything",
      name: "Everything else",
      kind: "static",
      offerIds: [
        "free-shipping-50",
        "app-download",
        "newsletter-signup",
        "gift-cards",
        "outlet",
        "welcome-10",
      ],
    },
    {
      id: "email-friendly",
      name: "Email friendly",
      kind: "dynamic",
      tagsAny: ["loyalty", "discount", "sport", "outdoor", "winback", "cart"],
    },
  ],
  decisions: [
    {
      id: "homepage",
      name: "Homepage personalization",
      status: "live",
      fallbackOfferId: "brand-story",
      scopes: ["web-hero", "web-sidebar", "web-banner"].map((placementId) => ({
        placementId,
        groups: [
          {
            criteria: [
              {
                collectionId: "loyalty",
                rule: { ruleId: "engaged" },
                ranking: { method: "formula" as const, formulaId: "value-boost" },
              },
            ],
          },
          {
            criteria: [
              {
                collectionId: "promotions",
                ranking: { method: "formula" as const, formulaId: "value-boost" },
              },
              {
                collectionId: "sport",
                ranking: { method: "formula" as const, formulaId: "margin-weighted" },
              },
            ],
          },
          { criteria: [{ collectionId: "everything" }] },
        ],
      })),
    },
    {
      id: "lifecycle",
      name: "Lifecycle email and push",
      status: "live",
      fallbackOfferId: "brand-story",
      scopes: ["email-hero", "email-grid", "push-alert"].map((placementId) => ({
        placementId,
        groups: [
          {
            criteria: [
              {
                collectionId: "email-friendly",
                rule: { ruleId: "adult" },
                ranking: { method: "formula" as const, formulaId: "value-boost" },
              },
            ],
          },
          { criteria: [{ collectionId: "everything" }] },
        ],
      })),
    },
  ],
};

/** Sample profiles that exercise the demo library (used by the demo, simulate examples and tests). */
export const retailDemoProfiles = [
  {
    id: "cust-ana",
    attributes: {
      age: 34,
      ltv: 1850,
      tenureDays: 800,
      daysSinceLastPurchase: 12,
      plan: "plus",
      interests: ["running", "yoga"],
      loyalty: { tier: "gold", points: 4200 },
      address: { country: "FR", postcode: "75011" },
      device: { os: "android", appVersion: "5.2.0" },
      emailOptIn: true,
      birthdayMonth: 11,
    },
  },
  {
    id: "cust-ben",
    attributes: {
      age: 22,
      ltv: 90,
      tenureDays: 12,
      daysSinceLastPurchase: 12,
      plan: "free",
      interests: ["ski", "camping"],
      loyalty: { tier: "none", points: 0 },
      address: { country: "CH", postcode: "1201" },
      device: { os: "ios", appVersion: "5.1.3" },
      emailOptIn: false,
    },
  },
  {
    id: "cust-chloe",
    attributes: {
      age: 51,
      ltv: 5200,
      tenureDays: 2400,
      daysSinceLastPurchase: 140,
      plan: "plus",
      interests: ["cycling", "swimming"],
      loyalty: { tier: "platinum", points: 18000 },
      address: { country: "DE", postcode: "10115" },
      device: { os: "web", appVersion: "" },
      emailOptIn: true,
      hasKids: true,
    },
  },
];

export const retailDemoContext = { channel: "web", locale: "en-GB", month: 11, cartValue: 64 };
