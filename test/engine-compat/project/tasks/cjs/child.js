// A task file compiled as CommonJS (what many existing projects ship): it loads the SDK's
// CommonJS build, whose `metadata.parent` / `metadata.root` must still reach the parent run.
const { metadata, task } = require("@trigger.dev/sdk");

exports.cjsChild = task({
  id: "compat.cjs-child",
  run: async (payload) => {
    metadata.parent.set("fromCjsChild", payload.n);
    metadata.root.increment("cjsCalls", 1);
    return { ok: true };
  },
});
