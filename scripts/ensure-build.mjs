import { ensureBuild } from './lib/build.mjs';

ensureBuild();
