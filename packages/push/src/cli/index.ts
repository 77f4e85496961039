export { runPushBuild, PUSH_BUILD_USAGE } from "./run-push-build.js";
export type { PushCliIo } from "./push-cli-io.js";
export {
  buildProviderRequest,
  PUSH_PROVIDERS,
  type PrintedRequest,
  type PushProvider,
} from "./build-provider-request.js";
