import react from "@vitejs/plugin-react";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

// `npx vite build frontend` finds this file through its root argument; paths are anchored here
// so the build lands in the repo's dist/frontend whatever the working directory.
const root = fileURLToPath(new URL(".", import.meta.url));
const repoRoot = fileURLToPath(new URL("..", import.meta.url));

export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL("../dist/frontend", import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      output: {
        // Libraries change rarely: separate chunks stay cached across app releases.
        codeSplitting: {
          groups: [
            { name: "ethers", test: /node_modules[\\/](ethers|@noble|@adraffy)/ },
            { name: "react", test: /node_modules[\\/](react|react-dom|react-router|react-router-dom|scheduler)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    host: "127.0.0.1",
    // Contract ABIs come from types/typechain, outside this root.
    fs: { allow: [repoRoot] },
    proxy: { "/api": "http://127.0.0.1:8080" },
  },
  preview: { host: "127.0.0.1" },
});
