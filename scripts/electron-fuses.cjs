// electron-builder afterPack hook: flips Electron fuses on the packaged binary before it is signed, so a
// signed build cannot be turned back into a general-purpose Node runtime or debugged by whoever has the files.
// Needs the devDependency @electron/fuses (1.8.x runs on Node 20; 2.x needs Node 22.12+).
'use strict';

// Both dependencies are imported dynamically: @electron/fuses 2.x is ESM-only, and a CommonJS hook needs no
// `require` then.

/** Path of the executable whose fuses are flipped, per platform. */
function executablePath(path, context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const productFilename = packager.appInfo.productFilename;
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(appOutDir, `${productFilename}.app`);
    case 'win32':
      return path.join(appOutDir, `${productFilename}.exe`);
    case 'linux':
      return path.join(appOutDir, packager.executableName);
    default:
      throw new Error(`electron-fuses: unsupported platform ${electronPlatformName}`);
  }
}

async function afterPack(context) {
  const path = await import('node:path');
  const { flipFuses, FuseVersion, FuseV1Options } = await import('@electron/fuses');
  const target = executablePath(path, context);
  const isMac = context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas';
  // electron-builder's Arch enum: arm64 = 3.
  const isArm64 = context.arch === 3;
  await flipFuses(target, {
    version: FuseVersion.V1,
    // Flipping fuses invalidates the ad-hoc signature of arm64 macOS binaries; re-sign them (ad hoc).
    resetAdHocDarwinSignature: isMac && isArm64,
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    // The renderer is served over app://, never file://: file: pages get no extra privileges.
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  });
  console.log(`electron-fuses: fuses flipped on ${path.basename(target)}`);
}

module.exports = afterPack;
module.exports.default = afterPack;
