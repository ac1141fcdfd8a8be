// Copies the govuk-frontend JavaScript, images and axe-core (for browser tests) into static/vendor.
import { cpSync, mkdirSync } from "node:fs";

const govuk = "node_modules/govuk-frontend/dist/govuk";
mkdirSync("static/vendor/govuk/assets", { recursive: true });
cpSync(`${govuk}/govuk-frontend.min.js`, "static/vendor/govuk/govuk-frontend.min.js");
cpSync(`${govuk}/assets/images`, "static/vendor/govuk/assets/images", { recursive: true });
mkdirSync("static/vendor/axe", { recursive: true });
cpSync("node_modules/axe-core/axe.min.js", "static/vendor/axe/axe.min.js");
console.log("copied govuk-frontend and axe-core assets into static/vendor");
