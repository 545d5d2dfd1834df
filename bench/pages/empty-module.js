// A module that does nothing: bench/pages/load-empty-module.html loads it, the floor of any page that loads a module script.
export {}
