#!/usr/bin/env node
// First step of `npm start` and `npm test` on a fresh clone: install the npm dependencies when
// they are missing or older than package-lock.json, and with --browser make sure Debian's
// Chromium, ffmpeg (fake camera video) and LibreOffice Calc (opens the exported CSV files) are
// there. Plain JavaScript: it runs before tsx exists.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const run = (command) => execSync(command, { stdio: 'inherit' });
const installedMarker = 'node_modules/.package-lock.json';
if (!existsSync(installedMarker) || statSync(installedMarker).mtimeMs < statSync('package-lock.json').mtimeMs) {
  console.log('Installing npm dependencies (npm ci) …');
  run('npm ci --no-audit --no-fund');
}

if (process.argv.includes('--browser')) {
  // [package, binary it provides, install its recommends]: LibreOffice's recommends (python3-uno,
  // dictionaries, …) are not needed to convert files and cost ~10 s.
  const packages = [
    ['chromium', '/usr/bin/chromium', true],
    ['ffmpeg', '/usr/bin/ffmpeg', true],
    ['libreoffice-calc-nogui', '/usr/bin/soffice', false],
  ];
  const missing = packages.filter(([, path]) => !existsSync(path));
  if (missing.length > 0) {
    const names = missing.map(([name]) => name).join(' ');
    if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
      console.log(`Installing ${names} from Debian's packages for the browser tests …`);
      const install = (list, flags) =>
        list.length > 0 ? ` && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${flags}${list.map(([name]) => name).join(' ')}` : '';
      const withRecommends = missing.filter(([, , recommends]) => recommends);
      const withoutRecommends = missing.filter(([, , recommends]) => !recommends);
      run(`apt-get update -qq${install(withRecommends, '')}${install(withoutRecommends, '--no-install-recommends ')}`);
    } else {
      console.error(`The browser tests need Debian's ${names}: run \`sudo apt-get install -y ${names}\` and try again.`);
      process.exit(1);
    }
  }
}
