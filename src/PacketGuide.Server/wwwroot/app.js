document.getElementById('app').textContent = 'PacketGuide';
