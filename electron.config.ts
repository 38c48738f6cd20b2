/**
 * electron-builder's configuration: `npm run dist` builds installers for the current platform
 * into release/. electron-builder 26 loads this TypeScript file itself (through jiti).
 */
import type { Configuration } from 'electron-builder';

const config: Configuration = {
  appId: 'org.netoscope.app',
  productName: 'Netoscope',
  copyright: 'Copyright © the Netoscope authors',
  directories: { output: 'release', buildResources: 'build' },
  // Only the compiled app: main and preload bundles, the renderer and the workers. Everything
  // they use is bundled into them (by esbuild and Vite), so the sources stay out, and so does
  // node_modules, which electron-builder would otherwise fill with the production dependencies.
  files: ['out/**/*', '!out/**/*.map', 'package.json', '!node_modules{,/**/*}'],
  asar: true,
  npmRebuild: false,
  publish: null,
  // Turn off what an attacker with local access could use to run the app's binary as something else.
  electronFuses: {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
  },
  fileAssociations: [
    {
      ext: 'netoscope',
      name: 'Netoscope document',
      description: 'A Netoscope network, its data set and its training settings',
      mimeType: 'application/x-netoscope+json',
      role: 'Editor',
    },
  ],
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Education',
    icon: 'build/icons',
    maintainer: 'The Netoscope authors <maintainers@netoscope.org>',
    synopsis: 'An oscilloscope for neural networks',
    description:
      'Wire layers on a canvas, train offline and watch the signal and the gradient in every layer.',
  },
  win: {
    target: 'nsis',
    icon: 'build/icons/256x256.png',
  },
  nsis: {
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
  },
  mac: {
    target: 'dmg',
    category: 'public.app-category.education',
    icon: 'build/icon.png',
  },
};

export default config;
