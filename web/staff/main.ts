// The staff app (being ported from src/web/console.js and src/web/admin.js).
export {};
