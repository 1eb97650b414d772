"""Subcommands of ``cnnviz`` that live in modules of their own.

Each module here defines ``add_parser(subparsers)`` and ``run(args) -> int``
(an exit code: 0 all good, 2 a user's mistake, one line per problem on stderr)
and is registered in :mod:`cnnviz.cli` by name. Heavy imports (torch, Qt) go
inside ``run`` so that ``cnnviz --help`` stays quick.
"""
