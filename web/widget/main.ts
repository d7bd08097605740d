// The customer's chat widget (being ported from src/web/widget.js).
export {};
