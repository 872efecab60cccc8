// PostCSS pipeline for Next.js: Tailwind CSS 4 through its PostCSS plugin (no tailwind.config needed).
const config = {
  plugins: {
    '@tailwindcss/postcss': {},
  },
};

export default config;
