"""Serving many readers: the container image, the compose file and HAProxy's rules in this
folder, and the code that runs the same rules on loopback to show they work: `cluster`
(replicas behind HAProxy, for the replica tier of the tests and the measurement), `measure`
(`python -m deploy.measure`: docs/capacity.md's replica tables) and `lock` (`python -m
deploy.lock`: the pinned versions a deploy installs)."""
