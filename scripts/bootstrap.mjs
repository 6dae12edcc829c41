#!/usr/bin/env node
// First step of `npm start` and `npm test` on a fresh clone: install the npm dependencies when
// they are missing or older than package-lock.json, and with --browser make sure Debian's
// Chromium and ffmpeg (fake camera video) are there. Plain JavaScript: it runs before tsx exists.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const run = (command) => execSync(command, { stdio: 'inherit' });
const installedMarker = 'node_modules/.package-lock.json';
if (!existsSync(installedMarker) || statSync(installedMarker).mtimeMs < statSync('package-lock.json').mtimeMs) {
  console.log('Installing npm dependencies (npm ci) …');
  run('npm ci --no-audit --no-fund');
}

if (process.argv.includes('--browser')) {
  const missing = [['chromium', '/usr/bin/chromium'], ['ffmpeg', '/usr/bin/ffmpeg']].filter(([, path]) => !existsSync(path));
  if (missing.length > 0) {
    const names = missing.map(([name]) => name).join(' ');
    if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
      console.log(`Installing ${names} from Debian's packages for the browser tests …`);
      run(`apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${names}`);
    } else {
      console.error(`The browser tests need Debian's ${names}: run \`sudo apt-get install -y ${names}\` and try again.`);
      process.exit(1);
    }
  }
}
