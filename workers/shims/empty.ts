// Browser stand-in for Node built-ins that Emscripten builds (libsvm-js) reference only on
// their Node code path, which never runs in a browser or worker.
const empty = {};
export default empty;
